using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// What <see cref="HiddenStateProbe"/> shows an observer for one layer of one batch. The tensors belong to the probe
/// and are disposed after the batch (the input right after the call): keep an <c>alias()</c> to hold one longer.
/// </summary>
/// <param name="Layer">Layer index i.</param>
/// <param name="Input">X_i [B, T, hidden], the state entering the layer (X_0 = embeddings), in the compute dtype.</param>
/// <param name="Output">The layer's output x + f(x) [B, T, hidden] (before any final norm).</param>
/// <param name="NormedOutput">For the last layer only: the output after the final RMSNorm; otherwise null.</param>
/// <param name="TokenMask">[B, T] boolean: true where a position counts in the statistics.</param>
public readonly record struct LayerObservation(int Layer, torch.Tensor Input, torch.Tensor Output, torch.Tensor? NormedOutput, torch.Tensor TokenMask);

using TorchSharp;

namespace GPTailor.Models;

/// <summary>Owns the tensors of one loaded model and disposes them together.</summary>
/// <param name="Embeddings">Token embeddings [vocab, hidden].</param>
/// <param name="Layers">Per-layer tensors.</param>
/// <param name="FinalNorm">Final RMSNorm weight.</param>
/// <param name="LanguageModelHead">Untied head, or null when tied.</param>
public sealed record ModelWeights(
    torch.Tensor Embeddings,
    IReadOnlyList<DecoderLayerWeights> Layers,
    torch.Tensor FinalNorm,
    torch.Tensor? LanguageModelHead) : IDisposable
{
    /// <summary>Every tensor held.</summary>
    public IEnumerable<torch.Tensor> Tensors =>
        new[] { Embeddings, FinalNorm }
            .Concat(Layers.SelectMany(l => l.Tensors))
            .Concat(LanguageModelHead is null ? [] : [LanguageModelHead]);

    /// <summary>Builds a model over these tensors (no copies).</summary>
    /// <param name="config">The configuration they were loaded for.</param>
    /// <param name="ownsWeights">When true the model disposes this holder when it is disposed.</param>
    public CausalLanguageModel CreateModel(HfModelConfig config, bool ownsWeights)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layers = Layers.Select(l => new DecoderLayer(config, l)).ToArray();
        return new CausalLanguageModel(config, Embeddings, layers, FinalNorm, LanguageModelHead, ownsWeights ? this : null);
    }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors)
        {
            t.Dispose();
        }
    }
}

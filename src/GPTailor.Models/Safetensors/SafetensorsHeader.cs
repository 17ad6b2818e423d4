namespace GPTailor.Models;

/// <summary>A parsed and validated safetensors header.</summary>
/// <param name="Metadata">The <c>__metadata__</c> map (empty when absent).</param>
/// <param name="Tensors">The tensor entries in header order, with absolute file offsets.</param>
internal sealed record SafetensorsHeader(IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<TensorInfo> Tensors);

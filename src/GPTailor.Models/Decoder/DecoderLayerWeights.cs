using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// The tensors of one decoder layer. The record does not own them: whoever created them (a
/// <see cref="ModelWeights"/> holder, a stitcher's cache, ...) disposes them. Biases are null when the architecture
/// or configuration has none. All tensors must share one dtype and device.
/// </summary>
/// <param name="InputNorm">RMSNorm weight before attention [hidden].</param>
/// <param name="QueryWeight">q_proj weight [heads·head_dim, hidden].</param>
/// <param name="KeyWeight">k_proj weight [kv_heads·head_dim, hidden].</param>
/// <param name="ValueWeight">v_proj weight [kv_heads·head_dim, hidden].</param>
/// <param name="OutputWeight">o_proj weight [hidden, heads·head_dim].</param>
/// <param name="PostAttentionNorm">RMSNorm weight before the MLP [hidden].</param>
/// <param name="GateWeight">gate_proj weight [intermediate, hidden].</param>
/// <param name="UpWeight">up_proj weight [intermediate, hidden].</param>
/// <param name="DownWeight">down_proj weight [hidden, intermediate].</param>
/// <param name="QueryBias">q_proj bias or null.</param>
/// <param name="KeyBias">k_proj bias or null.</param>
/// <param name="ValueBias">v_proj bias or null.</param>
/// <param name="OutputBias">o_proj bias or null.</param>
public sealed record DecoderLayerWeights(
    torch.Tensor InputNorm,
    torch.Tensor QueryWeight,
    torch.Tensor KeyWeight,
    torch.Tensor ValueWeight,
    torch.Tensor OutputWeight,
    torch.Tensor PostAttentionNorm,
    torch.Tensor GateWeight,
    torch.Tensor UpWeight,
    torch.Tensor DownWeight,
    torch.Tensor? QueryBias = null,
    torch.Tensor? KeyBias = null,
    torch.Tensor? ValueBias = null,
    torch.Tensor? OutputBias = null)
{
    /// <summary>Every non-null tensor of the layer.</summary>
    public IEnumerable<torch.Tensor> Tensors =>
        new[] { InputNorm, QueryWeight, KeyWeight, ValueWeight, OutputWeight, PostAttentionNorm, GateWeight, UpWeight, DownWeight, QueryBias, KeyBias, ValueBias, OutputBias }
            .Where(t => t is not null)
            .Select(t => t!);
}

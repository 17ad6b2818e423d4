using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Models;

/// <summary>
/// One pre-norm Llama-style decoder layer (RMSNorm → GQA attention with RoPE → residual, RMSNorm → SwiGLU MLP →
/// residual), computing with tensors supplied from outside. The layer holds references only and copies nothing, so a
/// model can be assembled from layers of different checkpoints; it does not dispose the tensors.
/// </summary>
public sealed class DecoderLayer
{
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly double _eps;

    /// <summary>Creates a layer over <paramref name="weights"/>, checking their shapes against <paramref name="config"/>.</summary>
    /// <param name="config">The model configuration.</param>
    /// <param name="weights">The layer tensors (not copied, not owned).</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, or dtypes/devices differ.</exception>
    public DecoderLayer(HfModelConfig config, DecoderLayerWeights weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(weights);
        Config = config;
        Weights = weights;
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _eps = config.RmsNormEps;
        LayerShapeCheck.Validate(config, weights);
    }

    /// <summary>The configuration the layer was built for.</summary>
    public HfModelConfig Config { get; }

    /// <summary>The tensors the layer computes with.</summary>
    public DecoderLayerWeights Weights { get; }

    /// <summary>The dtype of the weights.</summary>
    public torch.ScalarType DType => Weights.QueryWeight.dtype;

    /// <summary>
    /// Applies the layer to hidden states [B, T, hidden] given RoPE tables [B, 1, T, head_dim] and an optional boolean
    /// attention mask [B, 1, T, T] (true = may attend); with a null mask, plain causal attention is used.
    /// </summary>
    /// <param name="hidden">Input hidden states.</param>
    /// <param name="cos">RoPE cosines.</param>
    /// <param name="sin">RoPE sines.</param>
    /// <param name="attentionMask">Boolean mask, or null for causal attention.</param>
    /// <returns>New hidden states (a new tensor; the caller owns it).</returns>
    public torch.Tensor Forward(torch.Tensor hidden, torch.Tensor cos, torch.Tensor sin, torch.Tensor? attentionMask)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        using var scope = torch.NewDisposeScope();
        var w = Weights;
        bool inPlace = InPlace.Allowed;
        var attention = Attention(RmsNorm.Apply(hidden, w.InputNorm, _eps), cos, sin, attentionMask);
        var afterAttention = inPlace ? attention.add_(hidden, Scalars.One) : Scalars.Plus(hidden, attention);
        var normed = RmsNorm.Apply(afterAttention, w.PostAttentionNorm, _eps);
        var gate = F.linear(normed, w.GateWeight);
        var up = F.linear(normed, w.UpWeight);
        var mlp = F.linear(inPlace ? F.silu(gate, inplace: true).mul_(up) : F.silu(gate) * up, w.DownWeight);
        return (inPlace ? afterAttention.add_(mlp, Scalars.One) : Scalars.Plus(afterAttention, mlp)).MoveToOuterDisposeScope();
    }

    private torch.Tensor Attention(torch.Tensor x, torch.Tensor cos, torch.Tensor sin, torch.Tensor? mask)
    {
        var w = Weights;
        long batch = x.shape[0], length = x.shape[1];
        var q = F.linear(x, w.QueryWeight, w.QueryBias).view(batch, length, _heads, _headDim).transpose(1, 2);
        var k = F.linear(x, w.KeyWeight, w.KeyBias).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        var v = F.linear(x, w.ValueWeight, w.ValueBias).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (_kvHeads != _heads)
        {
            int repeats = _heads / _kvHeads;
            k = k.repeat_interleave(repeats, dim: 1);
            v = v.repeat_interleave(repeats, dim: 1);
        }

        var attended = mask is null
            ? F.scaled_dot_product_attention(q, k, v, is_casual: true)
            : F.scaled_dot_product_attention(q, k, v, attn_mask: mask);
        var merged = attended.transpose(1, 2).reshape(batch, length, (long)_heads * _headDim);
        return F.linear(merged, w.OutputWeight, w.OutputBias);
    }
}

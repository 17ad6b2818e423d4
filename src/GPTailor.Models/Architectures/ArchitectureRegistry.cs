using static GPTailor.Models.TensorDimension;

namespace GPTailor.Models;

/// <summary>The supported decoder architectures, as data. All share the Llama computation (RMSNorm, RoPE, GQA, SwiGLU).</summary>
public static class ArchitectureRegistry
{
    private static readonly TensorTemplate[] Pre =
    [
        new("model.embed_tokens.weight", TensorRole.Embeddings, [VocabSize, HiddenSize]),
    ];

    private static readonly TensorTemplate[] Post =
    [
        new("model.norm.weight", TensorRole.FinalNorm, [HiddenSize]),
        new("lm_head.weight", TensorRole.LanguageModelHead, [VocabSize, HiddenSize], TensorPresence.WhenUntiedEmbeddings),
    ];

    private static readonly TensorTemplate[] CoreLayer =
    [
        new("model.layers.${layer}.input_layernorm.weight", TensorRole.InputNorm, [HiddenSize]),
        new("model.layers.${layer}.self_attn.q_proj.weight", TensorRole.QueryWeight, [QueryProjectionSize, HiddenSize]),
        new("model.layers.${layer}.self_attn.k_proj.weight", TensorRole.KeyWeight, [KeyValueProjectionSize, HiddenSize]),
        new("model.layers.${layer}.self_attn.v_proj.weight", TensorRole.ValueWeight, [KeyValueProjectionSize, HiddenSize]),
        new("model.layers.${layer}.self_attn.o_proj.weight", TensorRole.OutputWeight, [HiddenSize, QueryProjectionSize]),
        new("model.layers.${layer}.post_attention_layernorm.weight", TensorRole.PostAttentionNorm, [HiddenSize]),
        new("model.layers.${layer}.mlp.gate_proj.weight", TensorRole.GateWeight, [IntermediateSize, HiddenSize]),
        new("model.layers.${layer}.mlp.up_proj.weight", TensorRole.UpWeight, [IntermediateSize, HiddenSize]),
        new("model.layers.${layer}.mlp.down_proj.weight", TensorRole.DownWeight, [HiddenSize, IntermediateSize]),
    ];

    private static TensorTemplate[] QkvBias(TensorPresence presence) =>
    [
        new("model.layers.${layer}.self_attn.q_proj.bias", TensorRole.QueryBias, [QueryProjectionSize], presence),
        new("model.layers.${layer}.self_attn.k_proj.bias", TensorRole.KeyBias, [KeyValueProjectionSize], presence),
        new("model.layers.${layer}.self_attn.v_proj.bias", TensorRole.ValueBias, [KeyValueProjectionSize], presence),
    ];

    /// <summary>Llama (1, 2, 3, 3.1, 3.2): optional q/k/v/o biases with <c>attention_bias</c>.</summary>
    public static ArchitectureDescription Llama { get; } = new(
        "LlamaForCausalLM",
        "llama",
        Pre,
        [.. CoreLayer, .. QkvBias(TensorPresence.WhenAttentionBias),
            new("model.layers.${layer}.self_attn.o_proj.bias", TensorRole.OutputBias, [HiddenSize], TensorPresence.WhenAttentionBias)],
        Post,
        AttentionBiasMode.FromConfig);

    /// <summary>Mistral: no biases; sliding window (Hugging Face default 4096 when the key is absent).</summary>
    public static ArchitectureDescription Mistral { get; } = new(
        "MistralForCausalLM",
        "mistral",
        Pre,
        CoreLayer,
        Post,
        AttentionBiasMode.NotSupported,
        DefaultSlidingWindow: 4096);

    /// <summary>Qwen2 / Qwen2.5: q, k and v biases always; no o bias.</summary>
    public static ArchitectureDescription Qwen2 { get; } = new(
        "Qwen2ForCausalLM",
        "qwen2",
        Pre,
        [.. CoreLayer, .. QkvBias(TensorPresence.Always)],
        Post,
        AttentionBiasMode.Always);

    /// <summary>Every supported architecture.</summary>
    public static IReadOnlyList<ArchitectureDescription> All { get; } = [Llama, Mistral, Qwen2];

    /// <summary>The supported architecture names, comma-separated (for messages).</summary>
    public static string SupportedNames => string.Join(", ", All.Select(a => a.Name));

    /// <summary>Finds the description for a Hugging Face <c>architectures</c> name.</summary>
    /// <param name="name">E.g. <c>LlamaForCausalLM</c>.</param>
    /// <exception cref="UnsupportedModelException">The name is not supported.</exception>
    public static ArchitectureDescription Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal))
            ?? throw new UnsupportedModelException($"Unsupported architecture '{name}'. Supported: {SupportedNames}.");
    }
}

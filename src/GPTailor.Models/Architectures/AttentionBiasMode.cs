namespace GPTailor.Models;

/// <summary>How an architecture handles attention projection biases.</summary>
public enum AttentionBiasMode
{
    /// <summary>No biases; a configuration asking for them is rejected.</summary>
    NotSupported,

    /// <summary>Biases present when <c>attention_bias</c> is true (Llama: q, k, v and o).</summary>
    FromConfig,

    /// <summary>Biases always present (Qwen2: q, k and v).</summary>
    Always,
}

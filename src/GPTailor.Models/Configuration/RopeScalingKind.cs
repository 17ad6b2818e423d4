namespace GPTailor.Models;

/// <summary>The rotary-embedding frequency scalings supported (Hugging Face <c>rope_scaling.rope_type</c>).</summary>
public enum RopeScalingKind
{
    /// <summary>No scaling (<c>rope_scaling</c> absent, null, or <c>rope_type: "default"</c>).</summary>
    None,

    /// <summary>Linear position interpolation: every inverse frequency divided by <c>factor</c>.</summary>
    Linear,

    /// <summary>Llama 3.1 scaling (low/high frequency factors around an original context length).</summary>
    Llama3,
}

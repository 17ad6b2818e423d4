namespace GPTailor.Models;

/// <summary>Rotary-embedding scaling parameters, as in Hugging Face <c>rope_scaling</c>.</summary>
/// <param name="Kind">The scaling kind.</param>
/// <param name="Factor">Scaling factor (1 for <see cref="RopeScalingKind.None"/>).</param>
/// <param name="LowFrequencyFactor">Llama 3 <c>low_freq_factor</c> (unused otherwise).</param>
/// <param name="HighFrequencyFactor">Llama 3 <c>high_freq_factor</c> (unused otherwise).</param>
/// <param name="OriginalMaxPositionEmbeddings">Llama 3 <c>original_max_position_embeddings</c> (unused otherwise).</param>
public sealed record RopeScaling(
    RopeScalingKind Kind,
    double Factor,
    double LowFrequencyFactor,
    double HighFrequencyFactor,
    int OriginalMaxPositionEmbeddings)
{
    /// <summary>No scaling.</summary>
    public static RopeScaling None { get; } = new(RopeScalingKind.None, 1.0, 0, 0, 0);

    /// <summary>Linear scaling with the given factor.</summary>
    /// <param name="factor">The factor (≥ 1 in practice, &gt; 0 required).</param>
    public static RopeScaling Linear(double factor) => new(RopeScalingKind.Linear, factor, 0, 0, 0);
}

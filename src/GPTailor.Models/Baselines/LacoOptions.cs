
namespace GPTailor.Models;

/// <summary>
/// LaCo (layer collapse) hyper-parameters. The reference 13B notebook uses C = 7 of 40 layers, I = 1, T = 0.45,
/// layers 0..39; the defaults here keep I and T and scale C to the model: C = round(7·N/40) clamped to [2, N − 1].
/// </summary>
public sealed class LacoOptions
{
    /// <summary>C: a layer is merged with its C − 1 successors. Null = round(7·N/40) clamped to [2, N − 1].</summary>
    public int? MergeLayers { get; set; }

    /// <summary>I: how far the merge position moves down after an accepted merge (≥ 1).</summary>
    public int Interval { get; set; } = 1;

    /// <summary>T: a merge is accepted when the mean cosine similarity of the last hidden states exceeds it.</summary>
    public double Threshold { get; set; } = 0.45;

    /// <summary>Highest layer considered (the loop starts at <c>HighestLayer − C</c>). Null = N − 1.</summary>
    public int? HighestLayer { get; set; }

    /// <summary>Lowest merge position.</summary>
    public int LowestLayer { get; set; }

    /// <summary>RDSC as in the paper (default) or the reference notebook's behaviour.</summary>
    public CollapseMode Mode { get; set; } = CollapseMode.Rdsc;

    /// <summary>The merge size C for a model of <paramref name="layerCount"/> layers.</summary>
    public int EffectiveMergeLayers(int layerCount) => MergeLayers ?? Math.Clamp((int)Math.Round(layerCount * 7.0 / 40.0), 2, Math.Max(2, layerCount - 1));

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (MergeLayers is int c && c < 2)
        {
            throw new ArgumentException($"LaCo merge layers C must be ≥ 2; got {c}.");
        }

        if (Interval < 1)
        {
            throw new ArgumentException($"LaCo interval I must be ≥ 1; got {Interval}.");
        }

        if (!double.IsFinite(Threshold))
        {
            throw new ArgumentException("LaCo threshold T must be finite.");
        }

        if (LowestLayer < 0 || (HighestLayer is int h && h < LowestLayer))
        {
            throw new ArgumentException($"LaCo layer range [{LowestLayer}, {HighestLayer}] is invalid.");
        }
    }
}

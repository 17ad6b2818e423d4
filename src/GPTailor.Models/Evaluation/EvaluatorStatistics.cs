namespace GPTailor.Models;

/// <summary>Where evaluation time went.</summary>
/// <param name="Evaluations">Plans evaluated.</param>
/// <param name="StitchSeconds">Total time turning plans into models.</param>
/// <param name="ScoreSeconds">Total time scoring.</param>
public sealed record EvaluatorStatistics(int Evaluations, double StitchSeconds, double ScoreSeconds)
{
    /// <summary>Stitching time as a fraction of scoring time (the per-trial overhead ratio).</summary>
    public double OverheadRatio => ScoreSeconds > 0 ? StitchSeconds / ScoreSeconds : 0;

    /// <summary>Decoder-layer forwards run (one per kept layer per batch scored).</summary>
    public long LayerForwardsRun { get; init; }

    /// <summary>Decoder-layer forwards skipped by resuming from the prefix-activation cache.</summary>
    public long LayerForwardsSaved { get; init; }

    /// <summary>The prefix-activation cache's counters and sizes, or null when the evaluator has none.</summary>
    public PrefixCacheStatistics? PrefixCache { get; init; }
}

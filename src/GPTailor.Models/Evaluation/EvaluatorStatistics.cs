namespace GPTailor.Models;

/// <summary>Where evaluation time went.</summary>
/// <param name="Evaluations">Plans evaluated.</param>
/// <param name="StitchSeconds">Total time turning plans into models.</param>
/// <param name="ScoreSeconds">Total time scoring.</param>
public sealed record EvaluatorStatistics(int Evaluations, double StitchSeconds, double ScoreSeconds)
{
    /// <summary>Stitching time as a fraction of scoring time (the per-trial overhead ratio).</summary>
    public double OverheadRatio => ScoreSeconds > 0 ? StitchSeconds / ScoreSeconds : 0;
}

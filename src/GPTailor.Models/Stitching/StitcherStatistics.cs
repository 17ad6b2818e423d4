namespace GPTailor.Models;

/// <summary>Counters of a <see cref="PlanStitcher"/>.</summary>
/// <param name="Hits">Cache hits (tensor groups reused).</param>
/// <param name="Misses">Groups loaded or merged.</param>
/// <param name="Bytes">Bytes held by the cache now.</param>
/// <param name="PeakBytes">Most bytes ever held.</param>
/// <param name="MeanBuildSeconds">Mean wall time of <see cref="PlanStitcher.Build"/>.</param>
/// <param name="Builds">Number of models built.</param>
public sealed record StitcherStatistics(int Hits, int Misses, long Bytes, long PeakBytes, double MeanBuildSeconds, int Builds)
{
    /// <summary>Groups disposed to keep the cache within its budget.</summary>
    public int Evictions { get; init; }
}

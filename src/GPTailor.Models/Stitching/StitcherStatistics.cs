namespace GPTailor.Models;

/// <summary>Counters of a <see cref="PlanStitcher"/>.</summary>
/// <param name="Hits">Cache hits (tensor groups reused).</param>
/// <param name="Misses">Groups loaded or merged.</param>
/// <param name="Bytes">Bytes held by the cache now.</param>
/// <param name="PeakBytes">Most bytes ever held.</param>
/// <param name="MeanBuildSeconds">Mean wall time of <see cref="PlanStitcher.Build"/> per model, with the layers an evaluator built when a forward first ran them.</param>
/// <param name="Builds">Number of models built.</param>
public sealed record StitcherStatistics(int Hits, int Misses, long Bytes, long PeakBytes, double MeanBuildSeconds, int Builds)
{
    /// <summary>Groups disposed to keep the cache within its budget.</summary>
    public int Evictions { get; init; }

    /// <summary>
    /// Decoder layers of evaluated plans that were neither cached nor built, because every forward of the plan resumed
    /// past them from the prefix-activation cache (the evaluator builds such layers only when a forward runs them).
    /// </summary>
    public int Skipped { get; init; }

    /// <summary>Member tensors found on the device for an on-device merge (<see cref="StitcherOptions.SourceCacheBytes"/>).</summary>
    public int SourceHits { get; init; }

    /// <summary>Member tensors copied to the device for an on-device merge.</summary>
    public int SourceMisses { get; init; }

    /// <summary>Bytes of member tensors held on the device for on-device merges now.</summary>
    public long SourceBytes { get; init; }

    /// <summary>Most bytes of member tensors ever held on the device for on-device merges.</summary>
    public long SourcePeakBytes { get; init; }
}

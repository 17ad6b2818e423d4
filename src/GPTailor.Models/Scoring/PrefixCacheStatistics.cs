namespace GPTailor.Models;

/// <summary>Counters of a <see cref="PrefixActivationCache"/> (or of one evaluation's share of them).</summary>
/// <param name="LayerForwardsRun">Decoder-layer forwards computed (one per layer per batch).</param>
/// <param name="LayerForwardsSaved">Decoder-layer forwards skipped by resuming from a cached prefix.</param>
/// <param name="Lookups">Batches that looked for a cached prefix.</param>
/// <param name="Hits">Lookups that found one.</param>
/// <param name="Entries">Hidden states held now.</param>
/// <param name="Bytes">Bytes held now.</param>
/// <param name="PeakBytes">Most bytes held at once.</param>
/// <param name="Evictions">Entries evicted to respect the budget.</param>
public sealed record PrefixCacheStatistics(long LayerForwardsRun, long LayerForwardsSaved, long Lookups, long Hits, int Entries, long Bytes, long PeakBytes, long Evictions)
{
    /// <summary>Bytes held now in the spill tier (pinned CPU memory; see <see cref="PrefixActivationCache.SpillBudgetBytes"/>).</summary>
    public long SpillBytes { get; init; }

    /// <summary>Most bytes held at once in the spill tier.</summary>
    public long SpillPeakBytes { get; init; }

    /// <summary>Entries moved from the device budget into the spill tier.</summary>
    public long Spills { get; init; }

    /// <summary>Hits answered from the spill tier (copied back to the device).</summary>
    public long SpillHits { get; init; }

    /// <summary>Hits per lookup (0 when there was none).</summary>
    public double HitRate => Lookups == 0 ? 0 : (double)Hits / Lookups;

    /// <summary>Layer forwards a run without the cache would compute, divided by those computed (1 when none ran).</summary>
    public double ForwardReduction => LayerForwardsRun == 0 ? 1 : (double)(LayerForwardsRun + LayerForwardsSaved) / LayerForwardsRun;
}

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
    /// <summary>Hits per lookup (0 when there was none).</summary>
    public double HitRate => Lookups == 0 ? 0 : (double)Hits / Lookups;

    /// <summary>Layer forwards a run without the cache would compute, divided by those computed (1 when none ran).</summary>
    public double ForwardReduction => LayerForwardsRun == 0 ? 1 : (double)(LayerForwardsRun + LayerForwardsSaved) / LayerForwardsRun;
}

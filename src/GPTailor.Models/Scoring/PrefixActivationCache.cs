using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Hidden states after the first m decoder layers of a model, kept across trials so that a plan sharing a prefix
/// (same embeddings, same first m layer recipes) with an earlier plan resumes its forward pass at layer m instead of
/// layer 0. An entry is keyed by the batch identity (the exact token rows fed to the model, see
/// <see cref="SequenceScorer"/>) and the prefix key of depth m (<see cref="PrefixKeys"/>), and holds the layer's output
/// tensor itself (a second handle on the same storage: no copy), in the compute dtype on the compute device. Scores
/// are bit-identical with and without the cache: the resumed forward runs the same kernels on the same tensor.
/// <para>
/// The cache is bounded by <see cref="BudgetBytes"/>. When an insertion exceeds it, the entry with the oldest last
/// use is evicted first (an entry is used when it is created or resumed from; uses are counted per evaluation, see
/// <see cref="BeginEvaluation"/>), and among entries last used by the same evaluation the shallowest goes first: a
/// search keeps the long prefixes of its recent trials, the ones the next trial most likely extends. An entry larger
/// than the whole budget is not kept. Thread-safe; the cache must serve one stitcher (one compute dtype and device),
/// because the keys name recipes, not tensors. Disposing it frees every entry.
/// </para>
/// <para>
/// Spill tier (<see cref="SpillBudgetBytes"/>, CUDA only): an entry on a GPU that the device budget evicts moves to
/// pinned CPU memory instead, within a second budget (oldest last use, then shallowest, evicted first there), and a
/// lookup that finds it copies it back to the GPU. The copies are exact, so scores stay bit-identical. Entries on the CPU
/// device are never spilled (they are in CPU memory already): there the spill budget does nothing.
/// </para>
/// </summary>
public sealed class PrefixActivationCache : IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<Entry> _evictionOrder = new(EvictionComparer.Instance); // entries on the device, not spilled
    private long _nextSequence;
    private readonly Lock _gate = new();
    private long _generation;
    private long _bytes;
    private long _peakBytes;
    private long _lookups;
    private long _hits;
    private long _evictions;
    private long _spillBytes;
    private long _spillPeakBytes;
    private long _spills;
    private long _spillHits;
    private long _layerForwardsRun;
    private long _layerForwardsSaved;
    private bool _disposed;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="budgetBytes">Most bytes of hidden states held at once (≥ 0; 0 keeps nothing).</param>
    public PrefixActivationCache(long budgetBytes)
        : this(budgetBytes, 0)
    {
    }

    /// <summary>Creates an empty cache with a spill tier.</summary>
    /// <param name="budgetBytes">Most bytes of hidden states held at once on the compute device (≥ 0; 0 keeps nothing).</param>
    /// <param name="spillBudgetBytes">Most bytes of evicted GPU entries kept in pinned CPU memory (≥ 0; 0: none; no effect on the CPU device).</param>
    public PrefixActivationCache(long budgetBytes, long spillBudgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(spillBudgetBytes);
        BudgetBytes = budgetBytes;
        SpillBudgetBytes = spillBudgetBytes;
    }

    /// <summary>The byte budget on the compute device.</summary>
    public long BudgetBytes { get; }

    /// <summary>The byte budget of the spill tier (pinned CPU memory for entries evicted from a GPU).</summary>
    public long SpillBudgetBytes { get; }

    /// <summary>Spills CPU entries too (as copies), so that tests can exercise the spill tier without a GPU.</summary>
    internal bool SpillCpuEntries { get; set; }

    /// <summary>Counters and sizes so far.</summary>
    public PrefixCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new PrefixCacheStatistics(_layerForwardsRun, _layerForwardsSaved, _lookups, _hits, _entries.Count, _bytes, _peakBytes, _evictions)
                {
                    SpillBytes = _spillBytes,
                    SpillPeakBytes = _spillPeakBytes,
                    Spills = _spills,
                    SpillHits = _spillHits,
                };
            }
        }
    }

    /// <summary>Starts a new evaluation: entries created or resumed from from now on count as used by it (the eviction order).</summary>
    public void BeginEvaluation()
    {
        lock (_gate)
        {
            _generation++;
        }
    }

    /// <summary>Frees every entry (the counters are kept).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Hidden.Dispose();
            }

            _entries.Clear();
            _evictionOrder.Clear();
            _bytes = 0;
            _spillBytes = 0;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Clear();
    }

    /// <summary>
    /// The deepest cached hidden state of <paramref name="batchKey"/> along <paramref name="prefixKeys"/> (index m − 1 =
    /// key of the first m layers), as a new handle in the caller's dispose scope, and its depth m; (0, null) when none.
    /// </summary>
    internal (int Depth, torch.Tensor? Hidden) Resume(string batchKey, IReadOnlyList<string> prefixKeys)
    {
        lock (_gate)
        {
            _lookups++;
            if (_disposed)
            {
                return (0, null);
            }

            for (int m = prefixKeys.Count; m >= 1; m--)
            {
                if (_entries.TryGetValue(Key(batchKey, prefixKeys[m - 1]), out var entry))
                {
                    _hits++;
                    if (entry.Spilled)
                    {
                        entry.LastUse = _generation;
                        _spillHits++;
                        return (m, Unspill(entry));
                    }

                    Touch(entry);
                    return (m, entry.Hidden.alias());
                }
            }

            return (0, null);
        }
    }

    /// <summary>
    /// Keeps <paramref name="hidden"/> (the output of the first <paramref name="depth"/> layers) under its key, as a
    /// second handle outside every dispose scope; evicts as the budget requires. The caller keeps its own handle.
    /// </summary>
    internal void Store(string batchKey, string prefixKey, int depth, torch.Tensor hidden)
    {
        long bytes = hidden.NumberOfElements * hidden.ElementSize;
        var key = Key(batchKey, prefixKey);
        lock (_gate)
        {
            if (_disposed || bytes > BudgetBytes)
            {
                return;
            }

            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing.Spilled)
                {
                    existing.LastUse = _generation;
                }
                else
                {
                    Touch(existing);
                }

                return;
            }

            if (!MakeRoom(bytes, depth))
            {
                return;
            }

            _bytes += bytes;
            var entry = new Entry(key, hidden.alias().DetachFromDisposeScope(), bytes, depth, hidden.device, _nextSequence++) { LastUse = _generation };
            _entries[key] = entry;
            _evictionOrder.Add(entry);
            _peakBytes = Math.Max(_peakBytes, _bytes);
        }
    }

    /// <summary>Adds the layer forwards one batch ran and skipped.</summary>
    internal void Count(int run, int saved)
    {
        lock (_gate)
        {
            _layerForwardsRun += run;
            _layerForwardsSaved += saved;
        }
    }

    private static string Key(string batchKey, string prefixKey) => string.Concat(batchKey, "|", prefixKey);

    /// <summary>
    /// Evicts entries (oldest last use first, then shallowest) until <paramref name="bytes"/> more fit the budget; false,
    /// evicting nothing, when a new entry of <paramref name="depth"/> would itself be the first to go.
    /// </summary>
    private bool MakeRoom(long bytes, int depth)
    {
        if (_bytes + bytes <= BudgetBytes)
        {
            return true;
        }

        var victims = new List<Entry>();
        long freed = 0;
        foreach (var candidate in _evictionOrder)
        {
            if (_bytes - freed + bytes <= BudgetBytes)
            {
                break;
            }

            if (candidate.LastUse == _generation && candidate.Depth >= depth)
            {
                return false;
            }

            victims.Add(candidate);
            freed += candidate.Bytes;
        }

        if (_bytes - freed + bytes > BudgetBytes)
        {
            return false;
        }

        foreach (var entry in victims)
        {
            _evictionOrder.Remove(entry);
            _bytes -= entry.Bytes;
            _evictions++;
            if (!TrySpill(entry))
            {
                _entries.Remove(entry.Key);
                entry.Hidden.Dispose();
            }
        }

        return true;
    }

    /// <summary>Moves an entry evicted from the device budget into the spill tier, making room there; false when it does not go there.</summary>
    private bool TrySpill(Entry entry)
    {
        var spillable = entry.Device.type == DeviceType.CUDA || SpillCpuEntries;
        if (!spillable || entry.Bytes > SpillBudgetBytes)
        {
            return false;
        }

        foreach (var (key, victim) in _entries.Where(kv => kv.Value.Spilled).OrderBy(kv => kv.Value.LastUse).ThenBy(kv => kv.Value.Depth).ToList())
        {
            if (_spillBytes + entry.Bytes <= SpillBudgetBytes)
            {
                break;
            }

            _entries.Remove(key);
            _spillBytes -= victim.Bytes;
            victim.Hidden.Dispose();
        }

        var device = entry.Hidden;
        entry.Hidden = Spill(device);
        device.Dispose();
        entry.Spilled = true;
        _spills++;
        _spillBytes += entry.Bytes;
        _spillPeakBytes = Math.Max(_spillPeakBytes, _spillBytes);
        return true;
    }

    /// <summary>A CPU copy outside every dispose scope: pinned when the entry was on a GPU (fast copies back).</summary>
    private static torch.Tensor Spill(torch.Tensor hidden)
    {
        if (hidden.device.type == DeviceType.CPU)
        {
            return hidden.clone().DetachFromDisposeScope();
        }

        using var host = hidden.cpu();
        return host.pin_memory().DetachFromDisposeScope();
    }

    /// <summary>A copy of a spilled entry on its original device, in the caller's dispose scope.</summary>
    private static torch.Tensor Unspill(Entry entry) =>
        entry.Device.type == DeviceType.CPU ? entry.Hidden.clone() : entry.Hidden.to(entry.Device);

    /// <summary>Marks a device entry as used by the current evaluation, keeping the eviction order sorted.</summary>
    private void Touch(Entry entry)
    {
        if (entry.LastUse == _generation)
        {
            return;
        }

        _evictionOrder.Remove(entry);
        entry.LastUse = _generation;
        _evictionOrder.Add(entry);
    }

    /// <summary>The eviction order: oldest last use first, then shallowest, then oldest insertion.</summary>
    private sealed class EvictionComparer : IComparer<Entry>
    {
        public static EvictionComparer Instance { get; } = new();

        public int Compare(Entry? x, Entry? y) =>
            ReferenceEquals(x, y) ? 0
            : x is null ? -1
            : y is null ? 1
            : x.LastUse != y.LastUse ? x.LastUse.CompareTo(y.LastUse)
            : x.Depth != y.Depth ? x.Depth.CompareTo(y.Depth)
            : x.Sequence.CompareTo(y.Sequence);
    }

    private sealed class Entry(string key, torch.Tensor hidden, long bytes, int depth, torch.Device device, long sequence)
    {
        public string Key { get; } = key;

        public long Sequence { get; } = sequence;

        public torch.Tensor Hidden { get; set; } = hidden;

        public torch.Device Device { get; } = device;

        /// <summary>True when the entry lives in the spill tier (counted in the spill budget, not the device budget).</summary>
        public bool Spilled { get; set; }

        public long Bytes { get; } = bytes;

        public int Depth { get; } = depth;

        public long LastUse { get; set; }
    }
}

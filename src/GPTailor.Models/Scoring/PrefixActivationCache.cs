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
/// </summary>
public sealed class PrefixActivationCache : IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<Entry> _evictionOrder = new(EvictionComparer.Instance);
    private long _nextSequence;
    private readonly Lock _gate = new();
    private long _generation;
    private long _bytes;
    private long _peakBytes;
    private long _lookups;
    private long _hits;
    private long _evictions;
    private long _layerForwardsRun;
    private long _layerForwardsSaved;
    private bool _disposed;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="budgetBytes">Most bytes of hidden states held at once (≥ 0; 0 keeps nothing).</param>
    public PrefixActivationCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
    }

    /// <summary>The byte budget.</summary>
    public long BudgetBytes { get; }

    /// <summary>Counters and sizes so far.</summary>
    public PrefixCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new PrefixCacheStatistics(_layerForwardsRun, _layerForwardsSaved, _lookups, _hits, _entries.Count, _bytes, _peakBytes, _evictions);
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
                Touch(existing);
                return;
            }

            if (!MakeRoom(bytes, depth))
            {
                return;
            }

            _bytes += bytes;
            var entry = new Entry(key, hidden.alias().DetachFromDisposeScope(), bytes, depth, _nextSequence++) { LastUse = _generation };
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
            _entries.Remove(entry.Key);
            _evictionOrder.Remove(entry);
            _bytes -= entry.Bytes;
            _evictions++;
            entry.Hidden.Dispose();
        }

        return true;
    }

    /// <summary>Marks <paramref name="entry"/> as used by the current evaluation, keeping the eviction order sorted.</summary>
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

    private sealed class Entry(string key, torch.Tensor hidden, long bytes, int depth, long sequence)
    {
        public string Key { get; } = key;

        public long Sequence { get; } = sequence;

        public torch.Tensor Hidden { get; } = hidden;

        public long Bytes { get; } = bytes;

        public int Depth { get; } = depth;

        public long LastUse { get; set; }
    }
}

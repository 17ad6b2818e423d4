namespace GPTailor.Models;

/// <summary>
/// A least-recently-used cache of tensor groups with a byte budget and leases: entries leased by a live model are
/// never evicted; others are disposed when the budget is exceeded.
/// </summary>
internal sealed class StitchCache(long budgetBytes) : IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _clock;

    public long Bytes { get; private set; }

    public long PeakBytes { get; private set; }

    public int Hits { get; private set; }

    public int Misses { get; private set; }

    public int Evictions { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Returns the group for <paramref name="key"/>, creating it if needed, and leases it.</summary>
    public TensorGroup Lease(string key, Func<TensorGroup> create)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var hit))
            {
                Hits++;
                hit.Leases++;
                hit.LastUse = ++_clock;
                return hit.Group;
            }
        }

        var group = create();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var raced))
            {
                group.Dispose();
                raced.Leases++;
                raced.LastUse = ++_clock;
                return raced.Group;
            }

            Misses++;
            _entries[key] = new Entry(group) { Leases = 1, LastUse = ++_clock };
            Bytes += group.Bytes;
            PeakBytes = Math.Max(PeakBytes, Bytes);
            Evict();
            return group;
        }
    }

    /// <summary>Ends a lease taken with <see cref="Lease"/>.</summary>
    public void Release(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Leases--;
                Evict();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var e in _entries.Values)
            {
                e.Group.Dispose();
            }

            _entries.Clear();
            Bytes = 0;
        }
    }

    private void Evict()
    {
        while (Bytes > budgetBytes)
        {
            var victim = _entries.Where(kv => kv.Value.Leases <= 0).OrderBy(kv => kv.Value.LastUse).Select(kv => kv.Key).FirstOrDefault();
            if (victim is null)
            {
                return;
            }

            var entry = _entries[victim];
            _entries.Remove(victim);
            Evictions++;
            Bytes -= entry.Group.Bytes;
            entry.Group.Dispose();
        }
    }

    private sealed class Entry(TensorGroup group)
    {
        public TensorGroup Group { get; } = group;

        public int Leases { get; set; }

        public long LastUse { get; set; }
    }
}

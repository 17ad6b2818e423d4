namespace GPTailor.Models;

/// <summary>
/// A cache of tensor groups with a byte budget and leases: entries leased by a live model are never evicted; others are
/// disposed when the budget is exceeded, in GreedyDual-Size-Frequency order (Cherkasova, 1998): an entry's priority is
/// the cache's inflation value plus (plans that leased it) × (seconds it took to build) / (its size), the entry of lowest
/// priority goes first (the least recently used among equals), and each eviction raises the inflation value to the
/// victim's priority, so that entries no plan uses any more age out. An elitist search keeps its parents' layers
/// (leased by many offspring) and the merged layers (several times dearer to rebuild than a loaded one) longer than a
/// recency order would. Entries are leased per plan with <see cref="TryLease"/> for every key before
/// <see cref="Lease"/> builds the missing ones, so that building a plan's new groups never evicts the groups it is about
/// to reuse. Build times are read from <c>time</c> (the system clock unless a test passes its own).
/// </summary>
internal sealed class StitchCache(long budgetBytes, TimeProvider? time = null) : IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _clock;
    private double _inflation;

    public long Bytes { get; private set; }

    public long PeakBytes { get; private set; }

    public int Hits { get; private set; }

    public int Misses { get; private set; }

    public int Evictions { get; private set; }

    /// <summary>Groups of deferred plans that were never needed (see <see cref="PlanStitcher"/>).</summary>
    public int Skipped { get; private set; }

    /// <summary>Counts groups a model deferred and never built.</summary>
    public void CountSkipped(int groups)
    {
        lock (_gate)
        {
            Skipped += groups;
        }
    }

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

    /// <summary>True when a group is cached under <paramref name="key"/> (counts nothing, changes no priority).</summary>
    public bool Contains(string key)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(key);
        }
    }

    /// <summary>Leases the group for <paramref name="key"/> if it is cached (a hit); null, counting nothing, otherwise.</summary>
    public TensorGroup? TryLease(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var hit))
            {
                return null;
            }

            Hits++;
            Use(hit);
            return hit.Group;
        }
    }

    /// <summary>Returns the group for <paramref name="key"/>, creating it if needed, and leases it.</summary>
    public TensorGroup Lease(string key, Func<TensorGroup> create)
    {
        if (TryLease(key) is { } cached)
        {
            return cached;
        }

        var start = _time.GetTimestamp();
        var group = create();
        var seconds = _time.GetElapsedTime(start).TotalSeconds;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var raced))
            {
                group.Dispose();
                Use(raced);
                return raced.Group;
            }

            Misses++;
            var entry = new Entry(group, seconds);
            _entries[key] = entry;
            Use(entry);
            Bytes += group.Bytes;
            PeakBytes = Math.Max(PeakBytes, Bytes);
            Evict();
            return group;
        }
    }

    /// <summary>Ends a lease taken with <see cref="Lease"/> or <see cref="TryLease"/>.</summary>
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

    /// <summary>Leases <paramref name="entry"/> and refreshes its priority (caller holds the lock).</summary>
    private void Use(Entry entry)
    {
        entry.Leases++;
        entry.Uses++;
        entry.LastUse = ++_clock;
        entry.Priority = _inflation + (entry.Uses * entry.BuildSeconds / Math.Max(1, entry.Group.Bytes));
    }

    private void Evict()
    {
        while (Bytes > budgetBytes)
        {
            Entry? victim = null;
            string? victimKey = null;
            foreach (var (key, entry) in _entries)
            {
                if (entry.Leases <= 0 && (victim is null || entry.Priority < victim.Priority || (entry.Priority == victim.Priority && entry.LastUse < victim.LastUse)))
                {
                    (victim, victimKey) = (entry, key);
                }
            }

            if (victim is null)
            {
                return;
            }

            _entries.Remove(victimKey!);
            _inflation = Math.Max(_inflation, victim.Priority);
            Evictions++;
            Bytes -= victim.Group.Bytes;
            victim.Group.Dispose();
        }
    }

    private sealed class Entry(TensorGroup group, double buildSeconds)
    {
        public TensorGroup Group { get; } = group;

        /// <summary>Wall seconds the group took to load or merge: what a later miss would cost again.</summary>
        public double BuildSeconds { get; } = buildSeconds;

        public int Leases { get; set; }

        /// <summary>Leases ever taken: the plans that used the group.</summary>
        public int Uses { get; set; }

        public long LastUse { get; set; }

        public double Priority { get; set; }
    }
}


namespace GPTailor.Search;

/// <summary>
/// The reference code's hand-made initial design (paper-digest §3.4–3.5), generalised to any N layers, k removals and
/// K candidates: for each of the three <see cref="RemovalHeuristics"/>, one all-base genotype and then, for each λ in
/// <see cref="Lambdas"/> (outer loop) and each non-empty candidate subset (inner loop, by size then lexicographic), the
/// subset selected on every kept layer with that λ. For K = 3 that is 3 × (1 + 6 × 7) = 129 genotypes.
/// </summary>
public static class GPTailorInitialDesign
{
    /// <summary>The task-arithmetic λ values of the design.</summary>
    public static IReadOnlyList<double> Lambdas { get; } = [0.3, 0.5, 0.6, 0.7, 0.8, 1.0];

    /// <summary>
    /// The removal orders. For (N, k) = (40, ≤ 10) and (32, ≤ 9) these are the reference's lists (Python's seed-42
    /// shuffles, from the digest table); for other sizes the same groups are shuffled by this library's generator
    /// seeded with <paramref name="seed"/>, in the order higher, lower, middle seven, remaining, higher, lower.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 2 or k outside [0, N − 1].</exception>
    public static RemovalHeuristics Removals(int layerCount, int removeCount, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(removeCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(removeCount, layerCount);
        var full = (layerCount, removeCount) switch
        {
            (40, <= 10) => new RemovalHeuristics([34, 33, 24, 29, 25, 35, 37, 26, 32, 36], [20, 18, 23, 21, 22, 19, 17, 11, 1, 15], [32, 10, 31, 1, 33, 2, 29, 15, 22, 9]),
            (32, <= 9) => new RemovalHeuristics([24, 29, 23, 22, 30, 28, 21, 18, 25], [19, 16, 18, 14, 13, 15, 17, 23, 29], [24, 9, 18, 8, 21, 12, 30, 2, 26]),
            _ => Shuffled(layerCount, seed),
        };
        return new RemovalHeuristics(full.HigherFirst.Take(removeCount).ToArray(), full.MiddleOutward.Take(removeCount).ToArray(), full.Alternating.Take(removeCount).ToArray());
    }

    /// <summary>All non-empty subsets of K candidates as flags, by size then lexicographic (100, 010, 001, 110, 101, 011, 111 for K = 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">K outside [1, 16].</exception>
    public static IReadOnlyList<IReadOnlyList<bool>> CandidatePatterns(int candidateCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidateCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(candidateCount, 16);
        var patterns = new List<IReadOnlyList<bool>>();
        for (var size = 1; size <= candidateCount; size++)
        {
            AddCombinations(candidateCount, size, 0, [], patterns);
        }

        return patterns;
    }

    /// <summary>The design: 3 × (1 + |λ| × (2^K − 1)) genotypes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 2, k outside [0, N − 1] or K outside [1, 16].</exception>
    public static IReadOnlyList<GPTailorGenotype> Create(int layerCount, int removeCount, int candidateCount, ulong seed = 42)
    {
        var patterns = CandidatePatterns(candidateCount);
        var design = new List<GPTailorGenotype>();
        foreach (var removed in Removals(layerCount, removeCount, seed).All)
        {
            design.Add(Genotype(layerCount, candidateCount, removed, new bool[candidateCount], 1.0));
            foreach (var lambda in Lambdas)
            {
                design.AddRange(patterns.Select(p => Genotype(layerCount, candidateCount, removed, p, lambda)));
            }
        }

        return design;
    }

    private static GPTailorGenotype Genotype(int n, int k, IReadOnlyList<int> removed, IReadOnlyList<bool> pattern, double lambda)
    {
        var removedSet = removed.ToHashSet();
        return new GPTailorGenotype
        {
            LayerCount = n,
            CandidateCount = k,
            Removed = removed.ToArray(),
            Selected = Enumerable.Range(0, n).Select(l => (IReadOnlyList<bool>)(removedSet.Contains(l) ? new bool[k] : pattern.ToArray())).ToArray(),
            Lambda = Enumerable.Repeat(lambda, n).ToArray(),
        };
    }

    private static void AddCombinations(int k, int size, int start, List<int> chosen, List<IReadOnlyList<bool>> output)
    {
        if (chosen.Count == size)
        {
            var flags = new bool[k];
            chosen.ForEach(j => flags[j] = true);
            output.Add(flags);
            return;
        }

        for (var j = start; j < k; j++)
        {
            chosen.Add(j);
            AddCombinations(k, size, j + 1, chosen, output);
            chosen.RemoveAt(chosen.Count - 1);
        }
    }

    private static RemovalHeuristics Shuffled(int n, ulong seed)
    {
        var random = new SearchRandom(seed);
        var mid = n / 2;
        List<int> Range(int from, int to) => from > to ? [] : Enumerable.Range(from, to - from + 1).ToList();
        List<int> Shuffle(List<int> items)
        {
            random.Shuffle(items);
            return items;
        }

        var higher = Shuffle(Range(mid, n - 2));
        var lower = Shuffle(Range(1, mid - 1));
        var middleRange = Range(Math.Max(1, mid - 3), Math.Min(n - 2, mid + 3));
        var middle = Shuffle(middleRange.ToList());
        var remaining = Shuffle(Range(1, n - 2).Except(middleRange).ToList());
        var high = Shuffle(Range(mid, n - 2));
        var low = Shuffle(Range(1, mid - 1));
        int[] extremes = n - 1 == 0 ? [0] : [n - 1, 0];
        var alternating = new List<int>();
        for (var i = 0; i < Math.Max(high.Count, low.Count); i++)
        {
            if (i < high.Count)
            {
                alternating.Add(high[i]);
            }

            if (i < low.Count)
            {
                alternating.Add(low[i]);
            }
        }

        return new RemovalHeuristics(
            higher.Concat(lower).Concat(extremes).Distinct().ToArray(),
            middle.Concat(remaining).Concat(extremes).Distinct().ToArray(),
            alternating.Concat(extremes).Distinct().ToArray());
    }
}

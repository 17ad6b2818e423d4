namespace GPTailor.Models;

/// <summary>
/// Learns byte-level BPE merges from word counts: repeatedly merges the most frequent adjacent pair (ties: the
/// pair whose merged token sorts first ordinally, then left token), until the vocabulary is full or no pair
/// occurs twice. Deterministic.
/// </summary>
internal static class BpeMergeLearner
{
    /// <summary>
    /// Returns the merges in learning order (several may produce the same token); stops once they produced
    /// <paramref name="newTokenCount"/> distinct tokens. Token strings are in the byte-level alphabet.
    /// </summary>
    public static List<(string Left, string Right)> Learn(IReadOnlyDictionary<string, int> wordCounts, int newTokenCount)
    {
        var words = wordCounts
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (Symbols: p.Key.Select(c => c.ToString()).ToList(), Count: p.Value))
            .ToList();
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var merges = new List<(string, string)>(newTokenCount);
        while (vocabulary.Count < newTokenCount)
        {
            var best = FindBestPair(words);
            if (best is not { } pair)
            {
                break;
            }

            merges.Add(pair);
            vocabulary.Add(pair.Left + pair.Right);
            foreach (var (symbols, _) in words)
            {
                ApplyMerge(symbols, pair.Left, pair.Right);
            }
        }

        return merges;
    }

    private static (string Left, string Right)? FindBestPair(List<(List<string> Symbols, int Count)> words)
    {
        var counts = new Dictionary<(string, string), long>();
        foreach (var (symbols, count) in words)
        {
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var key = (symbols[i], symbols[i + 1]);
                counts[key] = counts.GetValueOrDefault(key) + count;
            }
        }

        (string Left, string Right)? best = null;
        long bestCount = 1;
        foreach (var (pair, count) in counts)
        {
            if (count > bestCount || (count == bestCount && best is { } current && IsBefore(pair, current)))
            {
                best = pair;
                bestCount = count;
            }
        }

        return best;
    }

    private static bool IsBefore((string Left, string Right) a, (string Left, string Right) b)
    {
        var merged = string.CompareOrdinal(a.Left + a.Right, b.Left + b.Right);
        return merged != 0 ? merged < 0 : string.CompareOrdinal(a.Left, b.Left) < 0;
    }

    private static void ApplyMerge(List<string> symbols, string left, string right)
    {
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                symbols[i] = left + right;
                symbols.RemoveAt(i + 1);
            }
        }
    }
}

namespace GPTailor.Models;

/// <summary>
/// Per-layer importance scores (lower = less important). For <see cref="ImportanceMetric.Angular"/>, Scores[l] is the
/// distance of the block of <see cref="BlockSize"/> layers starting at l (l = 0..N − n); otherwise Scores[i] is layer i's.
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Scores">The scores.</param>
/// <param name="BlockSize">n for the angular metric; 1 otherwise.</param>
/// <param name="TokenCount">Positions counted (real tokens, plus padding when it is included).</param>
public sealed record ImportanceResult(ImportanceMetric Metric, IReadOnlyList<double> Scores, int BlockSize, long TokenCount)
{
    /// <summary>The indices of the <paramref name="count"/> lowest scores, ascending by score (ties: lower index first).</summary>
    public IReadOnlyList<int> Lowest(int count) =>
        Enumerable.Range(0, Scores.Count).OrderBy(i => Scores[i]).ThenBy(i => i).Take(count).ToArray();
}

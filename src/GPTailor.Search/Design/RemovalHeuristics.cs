namespace GPTailor.Search;

/// <summary>The three layer-removal orders of the reference initial design (paper-digest §3.5), each truncated to k.</summary>
/// <param name="higherFirst">Shuffled upper half (mid … N−2), then shuffled lower half (1 … mid−1), then N−1 and 0.</param>
/// <param name="middleOutward">Shuffled middle seven (mid−3 … mid+3), then the other inner layers shuffled, then N−1 and 0.</param>
/// <param name="alternating">Upper and lower halves (freshly shuffled) interleaved, then N−1 and 0.</param>
public sealed class RemovalHeuristics(IReadOnlyList<int> higherFirst, IReadOnlyList<int> middleOutward, IReadOnlyList<int> alternating)
{
    /// <summary>The <c>higher_first</c> order.</summary>
    public IReadOnlyList<int> HigherFirst { get; } = higherFirst.ToArray();

    /// <summary>The <c>middle_outward</c> order.</summary>
    public IReadOnlyList<int> MiddleOutward { get; } = middleOutward.ToArray();

    /// <summary>The <c>alternating</c> order (the reference's ConfigSpace defaults of <c>remove_idx_*</c>).</summary>
    public IReadOnlyList<int> Alternating { get; } = alternating.ToArray();

    /// <summary>The three lists in the order higher_first, middle_outward, alternating.</summary>
    public IReadOnlyList<IReadOnlyList<int>> All => [HigherFirst, MiddleOutward, Alternating];
}

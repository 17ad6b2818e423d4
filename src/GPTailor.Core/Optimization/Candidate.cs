namespace GPTailor;

/// <summary>
/// One point proposed by <see cref="IZeroOrderOptimizer.Ask"/>. <see cref="Point"/> is what is evaluated: it lies in the
/// box and is whole on integer/binary coordinates. The optimizer recognises the candidate again by <see cref="Id"/>.
/// </summary>
/// <param name="Id">A number unique within one optimizer run (it survives save/load).</param>
/// <param name="Point">The coordinates to evaluate.</param>
public sealed record Candidate(long Id, IReadOnlyList<double> Point);

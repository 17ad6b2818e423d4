namespace GPTailor;

/// <summary>The scalar value (to be minimised) measured for a candidate.</summary>
/// <param name="Candidate">The candidate as returned by <see cref="IZeroOrderOptimizer.Ask"/>.</param>
/// <param name="Value">The objective value; lower is better. Non-finite values are treated as the worst possible.</param>
public sealed record Observation(Candidate Candidate, double Value);

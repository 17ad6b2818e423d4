namespace GPTailor;

/// <summary>The scalar value (to be minimised) measured for a search point.</summary>
/// <param name="Point">The point as returned by <see cref="IZeroOrderOptimizer.Ask"/>.</param>
/// <param name="Value">The objective value; lower is better. Non-finite values are treated as the worst possible.</param>
public sealed record Observation(SearchPoint Point, double Value);

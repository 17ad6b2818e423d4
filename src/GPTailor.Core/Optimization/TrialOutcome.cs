namespace GPTailor;

/// <summary>The result of a <see cref="TrialRequest"/>.</summary>
/// <param name="Request">The request.</param>
/// <param name="Value">The scalarised cost (lower is better).</param>
/// <param name="Costs">The per-objective costs (lower is better), used for Pareto-based promotion.</param>
public sealed record TrialOutcome(TrialRequest Request, double Value, IReadOnlyList<double> Costs);

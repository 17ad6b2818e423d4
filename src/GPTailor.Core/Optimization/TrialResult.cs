namespace GPTailor;

/// <summary>
/// One finished trial as a scheduler shows it to an <see cref="ITrialResultObserver"/>: the point, the budget it ran
/// at, the raw per-objective costs and the value the run's scalarizer gave it when it finished.
/// </summary>
/// <param name="Point">The optimizer's point (its id as the optimizer asked it).</param>
/// <param name="Budget">Documents per task the trial was evaluated on (a multi-fidelity schedule runs one point at several budgets).</param>
/// <param name="Costs">One cost per objective (task), lower is better; all +∞ for a failed trial.</param>
/// <param name="Value">The scalarised value as computed for the trial's batch (+∞ for a failed trial); under ParEGO it depends on that batch's θ and normalisation.</param>
public sealed record TrialResult(SearchPoint Point, int Budget, IReadOnlyList<double> Costs, double Value);

namespace GPTailor;

/// <summary>One evaluated trial as written to the journal.</summary>
/// <param name="Trial">Sequential trial number (0-based): the trial's position in the whole search.</param>
/// <param name="RequestId">The scheduler's request id.</param>
/// <param name="PointId">The optimizer's <see cref="SearchPoint.Id"/> (written as <c>candidate</c> in the journal, for compatibility).</param>
/// <param name="Budget">Documents per task.</param>
/// <param name="Point">The optimizer's point.</param>
/// <param name="Plan">The decoded plan.</param>
/// <param name="PlanHash">
/// <see cref="TailoringPlan.ComputeHash"/> of <see cref="Plan"/>, computed once when the trial is created (or read from a
/// journal) and used by the journal and the outputs; keep it in step when copying the record with another plan.
/// </param>
/// <param name="Scores">Per-task scores; null when the trial failed.</param>
/// <param name="Error">The failure message, if any.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record TrialRecord(long Trial, long RequestId, long PointId, int Budget, IReadOnlyList<double> Point, TailoringPlan Plan, string PlanHash, TaskScores? Scores, string? Error, double Seconds)
{
    /// <summary>The scalarised value told to the scheduler (set once its batch completed).</summary>
    public double? Value { get; init; }

    /// <summary>
    /// True when the trial failed because its plan scored non-finite numbers (a NaN model): the plan's fault, not the
    /// evaluator's, so it does not count towards the failure limit. Set by the driver for the trials it runs.
    /// </summary>
    internal bool FailedNonFinite { get; init; }

    /// <summary>Whether the trial has an outcome: scores, or an error.</summary>
    internal bool IsFinished => Scores is not null || Error is not null;
}

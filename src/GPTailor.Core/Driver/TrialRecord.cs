
namespace GPTailor;

/// <summary>One evaluated trial as written to the journal.</summary>
/// <param name="Trial">Sequential trial number (0-based).</param>
/// <param name="RequestId">The scheduler's request id.</param>
/// <param name="CandidateId">The optimizer's candidate id.</param>
/// <param name="Budget">Documents per task.</param>
/// <param name="Point">The optimizer's point.</param>
/// <param name="Plan">The decoded plan.</param>
/// <param name="Scores">Per-task scores; null when the trial failed.</param>
/// <param name="Error">The failure message, if any.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record TrialRecord(long Trial, long RequestId, long CandidateId, int Budget, IReadOnlyList<double> Point, TailoringPlan Plan, TaskScores? Scores, string? Error, double Seconds)
{
    /// <summary>The scalarised value told to the scheduler (set once its batch completed).</summary>
    public double? Value { get; init; }
}

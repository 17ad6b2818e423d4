namespace GPTailor;

/// <summary>One evaluation asked for by an <see cref="ITrialScheduler"/>: a candidate at a budget (documents per task).</summary>
/// <param name="Id">Unique within a scheduler run.</param>
/// <param name="Candidate">The optimizer's candidate.</param>
/// <param name="Budget">Documents per task to evaluate on.</param>
public sealed record TrialRequest(long Id, Candidate Candidate, int Budget);

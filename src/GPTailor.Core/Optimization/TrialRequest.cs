namespace GPTailor;

/// <summary>One evaluation asked for by an <see cref="ITrialScheduler"/>: a search point at a budget (documents per task).</summary>
/// <param name="Id">Unique within a scheduler run.</param>
/// <param name="Point">The optimizer's point.</param>
/// <param name="Budget">Documents per task to evaluate on.</param>
public sealed record TrialRequest(long Id, SearchPoint Point, int Budget);


namespace GPTailor.Search;

/// <summary>Checks reported outcomes against the pending requests of a scheduler.</summary>
internal static class ReportValidation
{
    /// <summary>Returns the pending request of each outcome.</summary>
    /// <exception cref="ArgumentException">An outcome is for an unknown or already reported request, or is reported twice.</exception>
    public static RequestState[] Match(IReadOnlyList<TrialOutcome> outcomes, IReadOnlyList<RequestState> pending)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var byId = pending.Where(r => r.Outcome is null).ToDictionary(r => r.Id);
        var matched = new RequestState[outcomes.Count];
        var seen = new HashSet<long>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i] ?? throw new ArgumentException("An outcome is null.", nameof(outcomes));
            if (outcome.Request is null || !byId.TryGetValue(outcome.Request.Id, out var request) || !seen.Add(outcome.Request.Id)
                || request.PointId != outcome.Request.Point.Id)
            {
                throw new ArgumentException($"Outcome for request {outcome.Request?.Id} does not match a pending, unreported request.", nameof(outcomes));
            }

            if (outcome.Costs is null)
            {
                throw new ArgumentException($"Outcome for request {outcome.Request.Id} has no cost list (use an empty list).", nameof(outcomes));
            }

            matched[i] = request;
        }

        return matched;
    }

    /// <summary>True when <paramref name="candidate"/> beats the incumbent by scalar value (non-finite counts as worst).</summary>
    public static bool Improves(TrialOutcome candidate, OutcomeState? incumbent) =>
        incumbent is null || ObjectiveOrder.Rankable(candidate.Value) < ObjectiveOrder.Rankable(incumbent.Value);
}

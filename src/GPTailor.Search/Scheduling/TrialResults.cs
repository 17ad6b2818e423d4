namespace GPTailor.Search;

/// <summary>Shows reported trials to an optimizer that implements <see cref="ITrialResultObserver"/>.</summary>
internal static class TrialResults
{
    /// <summary>Calls <see cref="ITrialResultObserver.Observe"/> with one result per matched request, when the optimizer observes.</summary>
    public static void Forward(IZeroOrderOptimizer optimizer, IReadOnlyList<RequestState> requests, IReadOnlyList<TrialOutcome> outcomes)
    {
        if (optimizer is ITrialResultObserver observer && requests.Count > 0)
        {
            observer.Observe(requests.Select((r, i) => new TrialResult(new SearchPoint(r.PointId, r.Point.ToArray()), r.Budget, outcomes[i].Costs.ToArray(), outcomes[i].Value)).ToArray());
        }
    }
}

namespace GPTailor.Search;

/// <summary>The checks and counts that optimizers with a batch of outstanding points share.</summary>
internal static class OutstandingPoints
{
    /// <summary>Checks that every observation names a different point among <paramref name="outstanding"/>.</summary>
    /// <exception cref="ArgumentException">An observation names an unknown, already told or repeated point.</exception>
    public static void Check(IEnumerable<long> outstanding, IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var ids = outstanding.ToHashSet();
        var seen = new HashSet<long>();
        foreach (var observation in observations)
        {
            ArgumentNullException.ThrowIfNull(observation);
            if (!ids.Contains(observation.Point.Id) || !seen.Add(observation.Point.Id))
            {
                throw new ArgumentException($"Point {observation.Point.Id} is not an outstanding point of this optimizer.", nameof(observations));
            }
        }
    }

    /// <summary>
    /// The Ask of an optimizer with batches of <see cref="ObservationState"/>: nothing once stopped; a new batch from
    /// <paramref name="propose"/> (called with the batch's size) when none is outstanding; then the outstanding points.
    /// </summary>
    public static IReadOnlyList<SearchPoint> Ask(OptimizerState<ObservationState> state, bool stopped, int batchSize, long maxEvaluations, Func<int, IEnumerable<double[]>> propose)
    {
        if (stopped)
        {
            return [];
        }

        if (state.Pending.Count == 0)
        {
            foreach (var point in propose((int)BatchCount(batchSize, maxEvaluations, state.Evaluations)))
            {
                state.Pending.Add(new ObservationState { Id = state.NextId++, Point = point });
            }
        }

        return state.Pending.Select(p => new SearchPoint(p.Id, p.Point.ToArray())).ToArray();
    }

    /// <summary>
    /// Books one checked observation (see <see cref="Check"/>): removes its outstanding point, counts the evaluation and
    /// updates the best; returns the outstanding point.
    /// </summary>
    public static ObservationState Take(OptimizerState<ObservationState> state, Observation observation)
    {
        var pending = state.Pending.First(p => p.Id == observation.Point.Id);
        state.Pending.Remove(pending);
        state.Evaluations++;
        state.Best = ObjectiveOrder.UpdateBest(state.Best, new Observation(pending.ToPoint(), observation.Value));
        return pending;
    }

    /// <summary>Points the next batch holds: <paramref name="batchSize"/>, capped by what is left of a budget (0: none).</summary>
    public static long BatchCount(int batchSize, long maxEvaluations, long evaluations) =>
        maxEvaluations > 0 ? Math.Min(batchSize, maxEvaluations - evaluations) : batchSize;
}

namespace GPTailor;

/// <summary>
/// The outcomes of a completed batch as told to the scheduler: each trial's task costs and its value scalarised by
/// the run's <see cref="IScalarizer"/> (+∞ for a failed trial).
/// </summary>
/// <param name="Outcomes">One per request, in batch order.</param>
/// <param name="Values">The scalarised value per request id (journaled in the batch line).</param>
internal sealed record BatchOutcomes(IReadOnlyList<TrialOutcome> Outcomes, IReadOnlyDictionary<long, double> Values)
{
    /// <summary>
    /// Starts a scalarizer iteration, shows it the costs of the batch's successful trials (in request order), then
    /// scalarises every trial of the batch.
    /// </summary>
    /// <param name="scalarizer">The run's scalarizer.</param>
    /// <param name="taskCount">Number of tasks (length of a failed trial's all-+∞ cost vector).</param>
    /// <param name="batch">The scheduler's batch.</param>
    /// <param name="results">The trial of each request, in batch order.</param>
    public static BatchOutcomes Scalarize(IScalarizer scalarizer, int taskCount, IReadOnlyList<TrialRequest> batch, IReadOnlyList<TrialRecord> results)
    {
        scalarizer.BeginIteration();
        foreach (var r in results.Where(r => r.Scores is not null).OrderBy(r => r.RequestId))
        {
            scalarizer.Observe(r.Scores!.Costs());
        }

        var outcomes = new List<TrialOutcome>();
        var values = new Dictionary<long, double>();
        for (var i = 0; i < batch.Count; i++)
        {
            var r = results[i];
            var costs = r.Scores?.Costs() ?? Enumerable.Repeat(double.PositiveInfinity, taskCount).ToArray();
            var value = r.Scores is null ? double.PositiveInfinity : scalarizer.Scalarize(costs);
            values[batch[i].Id] = value;
            outcomes.Add(new TrialOutcome(batch[i], value, costs));
        }

        return new BatchOutcomes(outcomes, values);
    }
}

namespace GPTailor;

/// <summary>
/// Progress of a search, reported by <see cref="SearchDriver"/> as each trial finishes (not once per batch): reports
/// come one at a time and <see cref="Trial"/> goes up by one with each, also when trials run concurrently.
/// </summary>
/// <param name="Trial">Trials finished so far, this one included (on resume, counting the trials already journaled).</param>
/// <param name="MaxTrials">The trial limit.</param>
/// <param name="Budget">Budget (documents per task) of the trial just finished.</param>
/// <param name="BestScores">Scores of the best trial so far at the highest budget seen, if any.</param>
/// <param name="Elapsed">Wall time since the run (or resumed run) started.</param>
/// <param name="Remaining">Estimated remaining time, from the mean time per trial evaluated in this run.</param>
public sealed record SearchProgress(int Trial, int MaxTrials, int Budget, TaskScores? BestScores, TimeSpan Elapsed, TimeSpan? Remaining)
{
    /// <summary>The evaluators' work counters (<see cref="TaskScores.Counters"/>) summed over the trials evaluated in this run (empty when none reported any).</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();
}

namespace GPTailor;

/// <summary>The per-task scores of one evaluation, in the evaluator's task order.</summary>
public sealed record TaskScores(IReadOnlyList<TaskScore> Scores)
{
    /// <summary>The score of a task by name.</summary>
    /// <exception cref="KeyNotFoundException">No such task.</exception>
    public TaskScore this[string task] => Scores.FirstOrDefault(s => s.Task == task)
        ?? throw new KeyNotFoundException($"No score for task '{task}'.");

    /// <summary>Costs to minimise, one per task.</summary>
    public double[] Costs() => Scores.Select(s => s.Cost).ToArray();

    /// <summary>
    /// Optional work counters of the evaluation that produced the scores (for example GPTailor.Models' decoder-layer
    /// forwards run and saved), by name; null when the evaluator reports none. Journaled with the trial, summed in the
    /// search progress and written as extra columns of <c>trials.csv</c>.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Counters { get; init; }
}

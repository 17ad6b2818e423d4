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
}

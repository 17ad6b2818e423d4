namespace GPTailor;

/// <summary>
/// Finds budgets that exceed a task's documents: a trial at budget B whose score of task T counts fewer than B documents
/// shows that T has only that many, so every budget above it evaluates the same documents (for example the reference's
/// 111/333/1000 on tasks of 100 questions: all three Hyperband stages see the same 100). Each (task, budget) is reported
/// once per search.
/// </summary>
internal sealed class BudgetCapWarnings
{
    private readonly HashSet<(string Task, int Budget)> _reported = [];

    /// <summary>The (task, budget, documents) of this trial not reported before.</summary>
    public IReadOnlyList<(string Task, int Budget, int Documents)> Observe(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Scores is null || trial.Budget == int.MaxValue)
        {
            return [];
        }

        lock (_reported)
        {
            return trial.Scores.Scores
                .Where(s => s.Documents < trial.Budget && _reported.Add((s.Task, trial.Budget)))
                .Select(s => (s.Task, trial.Budget, s.Documents))
                .ToArray();
        }
    }
}

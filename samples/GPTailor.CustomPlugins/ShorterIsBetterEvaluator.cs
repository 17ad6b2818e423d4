
namespace GPTailor.Samples.CustomPlugins;

/// <summary>
/// A custom evaluator: wraps the default one and adds an objective of its own — the share of kept layers that are
/// merges (which cost an extra tensor each in memory). Registered through a custom evaluator factory.
/// </summary>
public sealed class ShorterIsBetterEvaluator(IFitnessEvaluator inner) : IFitnessEvaluator
{
    public IReadOnlyList<string> TaskNames => [.. inner.TaskNames, "merged_share"];

    public async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var scores = await inner.EvaluateAsync(plan, budget, cancellationToken).ConfigureAwait(false);
        var merged = plan.Layers.Count(l => l.Merge.Method != MergeMethod.Passthrough) / (double)plan.Layers.Count;
        return new TaskScores([.. scores.Scores, new TaskScore("merged_share", "fraction", merged, ObjectiveDirection.Minimize, 0)]);
    }
}

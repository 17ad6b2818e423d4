
namespace GPTailor.Samples.CustomPlugins;

/// <summary>
/// A custom evaluator: wraps the default one and adds an objective of its own — the share of kept layers that are
/// merges (which cost an extra tensor each in memory). A <see cref="DelegatingFitnessEvaluator"/>, so disposal and
/// <c>GetService</c> reach the evaluator it wraps; registered with <c>builder.ConfigureEvaluator(p =&gt; p.Use(...))</c>.
/// </summary>
/// <param name="inner">The evaluator wrapped.</param>
public sealed class ShorterIsBetterEvaluator(IFitnessEvaluator inner) : DelegatingFitnessEvaluator(inner)
{
    /// <inheritdoc />
    public override IReadOnlyList<string> TaskNames => [.. InnerEvaluator.TaskNames, "merged_share"];

    /// <inheritdoc />
    public override async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var scores = await InnerEvaluator.EvaluateAsync(plan, budget, cancellationToken).ConfigureAwait(false);
        var merged = plan.Layers.Count(l => l.Merge.Method != MergeMethod.Passthrough) / (double)plan.Layers.Count;
        return new TaskScores([.. scores.Scores, new TaskScore("merged_share", "fraction", merged, ObjectiveDirection.Minimize, 0)]);
    }
}

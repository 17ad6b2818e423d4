
namespace GPTailor;

/// <summary>The outcome of a search.</summary>
/// <param name="BestPlan">The best plan at the highest budget evaluated (by the selection weights), or the winner of the
/// finalists when <see cref="FinalistSelection"/> ran.</param>
/// <param name="BestScores">Its scores.</param>
/// <param name="BestBudget">The budget at which it was scored.</param>
/// <param name="ParetoFront">Non-dominated trials over the task costs at that budget.</param>
/// <param name="Trials">Every successful trial, in order.</param>
/// <param name="RunDirectory">Where the journal and outputs are.</param>
public sealed record SearchResult(TailoringPlan BestPlan, TaskScores BestScores, int BestBudget, IReadOnlyList<TrialRecord> ParetoFront, IReadOnlyList<TrialRecord> Trials, string RunDirectory)
{
    /// <summary>The finalists scored again by <see cref="FinalistSelection"/> (empty when that stage did not run).</summary>
    public IReadOnlyList<FinalistRecord> Finalists { get; init; } = [];
}

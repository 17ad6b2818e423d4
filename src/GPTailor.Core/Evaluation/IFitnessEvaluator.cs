
namespace GPTailor;

/// <summary>
/// Scores a tailoring plan on calibration tasks. Implementations honour cancellation between batches and are safe to
/// call for many plans in a row; decorators (caching, logging) wrap any implementation.
/// </summary>
public interface IFitnessEvaluator
{
    /// <summary>The task names, in the order of the returned scores.</summary>
    IReadOnlyList<string> TaskNames { get; }

    /// <summary>Evaluates a plan on the first <see cref="EvaluationBudget.Documents"/> documents of each task.</summary>
    Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default);
}

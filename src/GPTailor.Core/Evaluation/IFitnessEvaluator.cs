
namespace GPTailor;

/// <summary>
/// Scores a tailoring plan on calibration tasks. Implementations honour cancellation between batches and are safe to
/// call for many plans in a row. Evaluators compose like a pipeline (see <see cref="DelegatingFitnessEvaluator"/> and
/// <see cref="FitnessEvaluatorBuilder"/>): <see cref="IServiceLookup.GetService"/> reaches the services of inner evaluators, and
/// disposing the outermost evaluator disposes the whole pipeline.
/// </summary>
public interface IFitnessEvaluator : IDisposable, IServiceLookup
{
    /// <summary>The task names, in the order of the returned scores.</summary>
    IReadOnlyList<string> TaskNames { get; }

    /// <summary>Evaluates a plan on the first <see cref="EvaluationBudget.Documents"/> documents of each task.</summary>
    Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default);
}

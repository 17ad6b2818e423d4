
namespace GPTailor;

/// <summary>
/// Scores a tailoring plan on calibration tasks. Implementations honour cancellation between batches and are safe to
/// call for many plans in a row. Evaluators compose like a pipeline (see <see cref="DelegatingFitnessEvaluator"/> and
/// <see cref="FitnessEvaluatorBuilder"/>): <see cref="GetService"/> reaches the services of inner evaluators, and
/// disposing the outermost evaluator disposes the whole pipeline.
/// </summary>
public interface IFitnessEvaluator : IDisposable
{
    /// <summary>The task names, in the order of the returned scores.</summary>
    IReadOnlyList<string> TaskNames { get; }

    /// <summary>Evaluates a plan on the first <see cref="EvaluationBudget.Documents"/> documents of each task.</summary>
    Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks for a service of <paramref name="serviceType"/>: this evaluator when it is one (and no key is given), one of
    /// its own services (e.g. statistics), or the answer of the evaluator it wraps; null when none has it.
    /// </summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">An optional key distinguishing services of the same type.</param>
    object? GetService(Type serviceType, object? serviceKey = null);
}

namespace GPTailor;

/// <summary>
/// An evaluator that wraps another one and, by default, forwards every call to it: derive from it to add behaviour
/// around evaluation (caching, logging, extra objectives) and override only what changes.
/// </summary>
public abstract class DelegatingFitnessEvaluator : IFitnessEvaluator
{
    /// <summary>Wraps <paramref name="innerEvaluator"/>.</summary>
    /// <param name="innerEvaluator">The evaluator calls are forwarded to; disposed with this one.</param>
    protected DelegatingFitnessEvaluator(IFitnessEvaluator innerEvaluator)
    {
        ArgumentNullException.ThrowIfNull(innerEvaluator);
        InnerEvaluator = innerEvaluator;
    }

    /// <summary>The wrapped evaluator.</summary>
    protected IFitnessEvaluator InnerEvaluator { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> TaskNames => InnerEvaluator.TaskNames;

    /// <inheritdoc />
    public virtual Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default) =>
        InnerEvaluator.EvaluateAsync(plan, budget, cancellationToken);

    /// <summary>This evaluator when it is a <paramref name="serviceType"/> (and no key is given), else the inner evaluator's answer.</summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">An optional key.</param>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerEvaluator.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes this evaluator and the inner one.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner evaluator when <paramref name="disposing"/>; override to release resources of your own.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            InnerEvaluator.Dispose();
        }
    }
}

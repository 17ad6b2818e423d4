namespace GPTailor;

/// <summary>Typed helpers over <see cref="IFitnessEvaluator.GetService"/>.</summary>
public static class FitnessEvaluatorExtensions
{
    /// <summary>The service of type <typeparamref name="TService"/> found in the pipeline, or null.</summary>
    /// <param name="evaluator">The (outermost) evaluator.</param>
    /// <param name="serviceKey">An optional key.</param>
    public static TService? GetService<TService>(this IFitnessEvaluator evaluator, object? serviceKey = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return evaluator.GetService(typeof(TService), serviceKey) as TService;
    }

    /// <summary>The service of type <typeparamref name="TService"/> found in the pipeline.</summary>
    /// <param name="evaluator">The (outermost) evaluator.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <exception cref="InvalidOperationException">No evaluator of the pipeline offers it.</exception>
    public static TService GetRequiredService<TService>(this IFitnessEvaluator evaluator, object? serviceKey = null)
        where TService : class =>
        evaluator.GetService<TService>(serviceKey)
        ?? throw new InvalidOperationException($"No evaluator of the pipeline offers a {typeof(TService).Name}{(serviceKey is null ? string.Empty : $" keyed '{serviceKey}'")}.");
}

namespace GPTailor;

/// <summary>Typed helpers over <see cref="IServiceLookup.GetService"/> (evaluator pipelines and model families).</summary>
public static class ServiceLookupExtensions
{
    /// <summary>The service of type <typeparamref name="TService"/> offered, or null.</summary>
    /// <param name="lookup">The (outermost) evaluator, or the family.</param>
    /// <param name="serviceKey">An optional key.</param>
    public static TService? GetService<TService>(this IServiceLookup lookup, object? serviceKey = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return lookup.GetService(typeof(TService), serviceKey) as TService;
    }

    /// <summary>The service of type <typeparamref name="TService"/> offered.</summary>
    /// <param name="lookup">The (outermost) evaluator, or the family.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <exception cref="InvalidOperationException">Neither the object nor anything it wraps offers it.</exception>
    public static TService GetRequiredService<TService>(this IServiceLookup lookup, object? serviceKey = null)
        where TService : class =>
        lookup.GetService<TService>(serviceKey)
        ?? throw new InvalidOperationException(
            $"No {typeof(TService).Name}{(serviceKey is null ? string.Empty : $" keyed '{serviceKey}'")} is offered by {lookup.GetType().Name} or what it wraps.");
}

namespace GPTailor;

/// <summary>Typed helpers over <see cref="IModelFamily.GetService"/>.</summary>
public static class ModelFamilyExtensions
{
    /// <summary>The service of type <typeparamref name="TService"/> the family offers, or null.</summary>
    /// <param name="family">The family.</param>
    /// <param name="serviceKey">An optional key.</param>
    public static TService? GetService<TService>(this IModelFamily family, object? serviceKey = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(family);
        return family.GetService(typeof(TService), serviceKey) as TService;
    }
}

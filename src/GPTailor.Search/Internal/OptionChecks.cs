namespace GPTailor.Search;

/// <summary>The checks optimizer constructors and settings share.</summary>
internal static class OptionChecks
{
    /// <summary>The settings to use for <paramref name="box"/>: <paramref name="options"/>, or the defaults, checked against its dimension.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="box"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting does not fit the box.</exception>
    public static TOptions ForBox<TOptions>(TOptions? options, SearchBox box)
        where TOptions : class, IBoxOptions, new()
    {
        ArgumentNullException.ThrowIfNull(box);
        var resolved = options ?? new TOptions();
        resolved.Validate(box.Dimension);
        return resolved;
    }

    /// <summary>Throws unless <paramref name="values"/> is null or has <paramref name="dimension"/> values.</summary>
    /// <param name="values">An optional point.</param>
    /// <param name="dimension">The box dimension.</param>
    /// <param name="name">The setting, as <c>Options.Property</c>, for the message.</param>
    public static void RequireLength(IReadOnlyList<double>? values, int dimension, string name)
    {
        if (values is not null && values.Count != dimension)
        {
            throw new ArgumentException($"{name} must have {dimension} values, not {values.Count}.");
        }
    }

    /// <summary>Throws unless <paramref name="values"/> is null or holds finite values only.</summary>
    /// <param name="values">An optional point.</param>
    /// <param name="name">The setting, as <c>Options.Property</c>, for the message.</param>
    public static void RequireFinite(IReadOnlyList<double>? values, string name)
    {
        if (values is not null && values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"{name} must contain finite values only.");
        }
    }
}

namespace GPTailor;

/// <summary>The default catalog over every registered <see cref="IOptimizerFactory"/>; later registrations of a name win.</summary>
internal sealed class OptimizerCatalog(IEnumerable<IOptimizerFactory> factories) : IOptimizerCatalog
{
    private readonly Dictionary<string, IOptimizerFactory> _byName = factories
        .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Names => _byName.Keys.Order(StringComparer.Ordinal).ToArray();

    public IOptimizerFactory Get(string name) =>
        _byName.TryGetValue(name, out var factory)
            ? factory
            : throw new KeyNotFoundException($"No optimizer named '{name}' is registered (available: {string.Join(", ", Names)}).");
}

namespace GPTailor;

/// <summary>Resolves optimizer factories by name.</summary>
public interface IOptimizerCatalog
{
    /// <summary>The registered names.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The factory of that name.</summary>
    /// <exception cref="KeyNotFoundException">No optimizer of that name; the message lists the registered ones.</exception>
    IOptimizerFactory Get(string name);
}

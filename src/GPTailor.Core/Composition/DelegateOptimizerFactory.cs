using GPTailor.Optimization;

namespace GPTailor.Composition;

/// <summary>An <see cref="IOptimizerFactory"/> from a delegate.</summary>
/// <param name="name">The key.</param>
/// <param name="create">Creates the optimizer from (box, initial point, seed, max evaluations).</param>
public sealed class DelegateOptimizerFactory(string name, Func<SearchBox, IReadOnlyList<double>?, int, int, IZeroOrderOptimizer> create) : IOptimizerFactory
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(SearchBox box, IReadOnlyList<double>? initialPoint, int seed, int maxEvaluations) =>
        create(box, initialPoint, seed, maxEvaluations);
}


namespace GPTailor;

/// <summary>An <see cref="IOptimizerFactory"/> from a delegate.</summary>
/// <param name="name">The key.</param>
/// <param name="create">Creates the optimizer.</param>
public sealed class DelegateOptimizerFactory(string name, Func<OptimizerRequest, IZeroOrderOptimizer> create) : IOptimizerFactory
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request) => create(request);
}

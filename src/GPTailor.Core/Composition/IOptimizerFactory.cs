
namespace GPTailor;

/// <summary>Creates a named optimizer for a box once the search space is known (registered keyed by name).</summary>
public interface IOptimizerFactory
{
    /// <summary>The key, e.g. <c>cmaes</c>.</summary>
    string Name { get; }

    /// <summary>Creates a seeded optimizer for the request.</summary>
    IZeroOrderOptimizer Create(OptimizerRequest request);
}

namespace GPTailor;

/// <summary>
/// An optimizer factory whose optimizers evaluate the initial design themselves, because they have no use for a
/// starting point (random search draws its own points after the design). <see cref="OptimizerFactoryExtensions.CreateWithDesign"/>
/// hands such a factory the design instead of wrapping its optimizer in a <see cref="WarmStartedOptimizer"/>.
/// </summary>
public interface IDesignAwareOptimizerFactory : IOptimizerFactory
{
    /// <summary>Creates a seeded optimizer that asks the points of <paramref name="design"/> first.</summary>
    /// <param name="request">The request.</param>
    /// <param name="design">Points to evaluate first, possibly empty.</param>
    IZeroOrderOptimizer Create(OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design);
}

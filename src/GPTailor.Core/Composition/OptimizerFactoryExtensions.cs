namespace GPTailor;

/// <summary>Composes an initial design around any optimizer.</summary>
public static class OptimizerFactoryExtensions
{
    /// <summary>
    /// Creates the factory's optimizer for <paramref name="request"/>; when <paramref name="design"/> is non-empty, wraps it
    /// in a <see cref="WarmStartedOptimizer"/>: the design is evaluated first, then the factory's optimizer is created with
    /// the best design point as <see cref="OptimizerRequest.InitialPoint"/>. A <see cref="IDesignAwareOptimizerFactory"/>
    /// is handed the design instead.
    /// </summary>
    public static IZeroOrderOptimizer CreateWithDesign(this IOptimizerFactory factory, OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design, int batchSize = WarmStartedOptimizer.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(design);
        return design.Count == 0 ? factory.Create(request)
            : factory is IDesignAwareOptimizerFactory designAware ? designAware.Create(request, design)
            : new WarmStartedOptimizer(request.Box, design, start => factory.Create(request with { InitialPoint = start }), batchSize);
    }
}

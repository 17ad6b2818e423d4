namespace GPTailor.Search;

/// <summary>
/// The <c>evolution</c> optimizer: <see cref="Evolution"/> with <see cref="DefaultBatchSize"/> points at a time, the
/// initial design as its first points and population, and the space's activity and plan identity
/// (<see cref="OptimizerRequest.ActiveDimensions"/>, <see cref="OptimizerRequest.Canonicalize"/>).
/// </summary>
public sealed class EvolutionFactory : IDesignAwareOptimizerFactory
{
    /// <summary>
    /// Points per batch: 2. Under Hyperband a bracket then starts with 2 configurations (its later stages scaled down),
    /// so more of a search's trials run at the full budget and each batch is bred from fresher parents; on the search
    /// benchmark this did better than one 17-configuration Hyperband round per batch (docs/search-benchmark.md). It
    /// also caps the trials in flight at 2: with many workers, register an <see cref="Evolution"/> with a larger
    /// <see cref="EvolutionOptions.BatchSize"/> under this name.
    /// </summary>
    public const int DefaultBatchSize = 2;

    /// <inheritdoc />
    public string Name => "evolution";

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request) => Create(request, []);

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(design);
        return new Evolution(request.Box, new EvolutionOptions
        {
            Seed = (ulong)request.Seed,
            BatchSize = DefaultBatchSize,
            InitialDesign = design,
            ActiveDimensions = request.ActiveDimensions,
            Canonicalize = request.Canonicalize,
            DimensionLayers = request.DimensionLayers,
        });
    }
}

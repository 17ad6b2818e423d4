namespace GPTailor.Search;

/// <summary>
/// The <c>evolution</c> optimizer: <see cref="Evolution"/> with <see cref="SearchBuilderExtensions.HyperbandRoundSize"/>
/// points at a time, the initial design as its first points and population, and the space's activity and plan
/// identity (<see cref="OptimizerRequest.ActiveDimensions"/>, <see cref="OptimizerRequest.Canonicalize"/>).
/// </summary>
public sealed class EvolutionFactory : IDesignAwareOptimizerFactory
{
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
            BatchSize = SearchBuilderExtensions.HyperbandRoundSize,
            InitialDesign = design,
            ActiveDimensions = request.ActiveDimensions,
            Canonicalize = request.Canonicalize,
        });
    }
}

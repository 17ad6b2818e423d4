namespace GPTailor.Search;

/// <summary>
/// The <c>random</c> optimizer: <see cref="RandomSearch"/> with <see cref="SearchBuilderExtensions.HyperbandRoundSize"/>
/// points at a time. It takes the initial design itself: the design's points come first and its own random draws fill
/// the rest of the last design batch, so no batch is left short.
/// </summary>
public sealed class RandomSearchFactory : IDesignAwareOptimizerFactory
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request) => Create(request, []);

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(design);
        return new RandomSearch(request.Box, new RandomSearchOptions
        {
            Seed = (ulong)request.Seed,
            BatchSize = SearchBuilderExtensions.HyperbandRoundSize,
            InitialDesign = design,
        });
    }
}

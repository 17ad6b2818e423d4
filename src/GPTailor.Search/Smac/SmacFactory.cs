namespace GPTailor.Search;

/// <summary>
/// The <c>smac</c> optimizer: <see cref="Smac"/> with <see cref="SearchBuilderExtensions.HyperbandRoundSize"/> points at a
/// time and SMAC's defaults. It takes the initial design itself (the forest is fitted on the design's results; model
/// or random points fill the rest of the last design batch), imputes the space's inactive coordinates
/// (<see cref="OptimizerRequest.ActiveDimensions"/>) and re-scalarises its history with ParEGO when the run does
/// (<see cref="OptimizerRequest.ParEgo"/>).
/// </summary>
public sealed class SmacFactory : IDesignAwareOptimizerFactory
{
    /// <inheritdoc />
    public string Name => "smac";

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request) => Create(request, []);

    /// <inheritdoc />
    public IZeroOrderOptimizer Create(OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(design);
        return new Smac(request.Box, new SmacOptions
        {
            Seed = (ulong)request.Seed,
            BatchSize = SearchBuilderExtensions.HyperbandRoundSize,
            InitialDesign = design,
            ActiveDimensions = request.ActiveDimensions,
            ParEgo = request.ParEgo,
        });
    }
}

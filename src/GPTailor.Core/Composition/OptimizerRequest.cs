namespace GPTailor;

/// <summary>What an <see cref="IOptimizerFactory"/> needs to create an optimizer for one search.</summary>
/// <param name="Box">The box to search.</param>
/// <param name="InitialPoint">
/// A starting point, or null. It is the space's default point, or — when the search has an initial design — the best
/// design point: the composition evaluates the design first and only then creates the optimizer
/// (<see cref="OptimizerFactoryExtensions.CreateWithDesign"/>), so factories never handle the design themselves.
/// </param>
/// <param name="Seed">The seed: seed a <see cref="SearchRandom"/> with it and save that in the optimizer's state.</param>
/// <param name="MaxEvaluations">The evaluation budget.</param>
public sealed record OptimizerRequest(SearchBox Box, IReadOnlyList<double>? InitialPoint, int Seed, int MaxEvaluations)
{
    /// <summary>
    /// Which coordinates influence the evaluated plan at a point (<see cref="ISearchSpace.ActiveDimensions"/>), or null
    /// when all always do. Model-based optimizers use it to impute inactive coordinates, as SMAC does for conditional
    /// hyperparameters.
    /// </summary>
    public Func<IReadOnlyList<double>, IReadOnlyList<bool>>? ActiveDimensions { get; init; }

    /// <summary>
    /// Maps a point to the canonical point of the plan it decodes to (<c>Encode(Decode(x))</c> of the search space), or
    /// null. Two points with equal canonical points evaluate the same plan; an optimizer can use it to avoid spending
    /// trials on plans it has already proposed.
    /// </summary>
    public Func<IReadOnlyList<double>, IReadOnlyList<double>>? Canonicalize { get; init; }

    /// <summary>
    /// The decoder layer each coordinate belongs to (<see cref="ISearchSpace.DimensionLayers"/>), or null. Changing only
    /// coordinates of layers ≥ m usually keeps a plan's first m layers, whose activations the prefix-activation cache reuses.
    /// </summary>
    public IReadOnlyList<int>? DimensionLayers { get; init; }

    /// <summary>
    /// True when the run scalarises several task costs with ParEGO (<see cref="ParEgoScalarizer"/>): an optimizer that
    /// observes raw costs (<see cref="ITrialResultObserver"/>) may then re-scalarise its whole history with its own
    /// weights at every model fit, as SMAC does. False for one task or a weighted sum.
    /// </summary>
    public bool ParEgo { get; init; }
}

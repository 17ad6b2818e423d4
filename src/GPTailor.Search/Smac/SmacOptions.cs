namespace GPTailor.Search;

/// <summary>
/// Settings of <see cref="Smac"/>. The defaults are those of SMAC 2.2's hyperparameter-optimisation facade as the
/// reference code uses it (paper-digest §3.1) where they apply: 10 bootstrapped trees on all features with at least one
/// sample per leaf, log-scaled costs, log-EI, 20 % interleaved random configurations, ParEGO with ρ = 0.05.
/// </summary>
public sealed class SmacOptions : IBoxOptions
{
    /// <summary>Seed of the random generator (forest, acquisition search, random configurations, ParEGO weights).</summary>
    public ulong Seed { get; set; }

    /// <summary>Points per <see cref="Smac.Ask"/>; default 1 (the <c>smac</c> factory asks 17, one Hyperband round).</summary>
    public int BatchSize { get; set; } = 1;

    /// <summary>Evaluation budget; 0 (default) means no limit. Ask never hands out more points than the budget allows.</summary>
    public long MaxEvaluations { get; set; }

    /// <summary>Points asked before any model-based one, in order (repaired into the box); the forest is fitted on their results.</summary>
    public IReadOnlyList<IReadOnlyList<double>> InitialDesign { get; set; } = [];

    /// <summary>Trees in the forest; default 10.</summary>
    public int Trees { get; set; } = 10;

    /// <summary>Grow each tree on a bootstrap sample; default true.</summary>
    public bool Bootstrap { get; set; } = true;

    /// <summary>Share of the features tried at each split, in (0, 1]; default 1.0.</summary>
    public double FeatureRatio { get; set; } = 1.0;

    /// <summary>Smallest node that is split; default 2.</summary>
    public int MinSamplesSplit { get; set; } = 2;

    /// <summary>Smallest number of samples per leaf; default 1.</summary>
    public int MinSamplesLeaf { get; set; } = 1;

    /// <summary>Model log-scaled costs (SMAC's <c>RunHistoryLogScaledEncoder</c>) and use log-EI; default true.</summary>
    public bool LogTransform { get; set; } = true;

    /// <summary>Probability that a proposed point is uniformly random instead of model-based (SMAC's random design); default 0.2.</summary>
    public double RandomProbability { get; set; } = 0.2;

    /// <summary>
    /// Results needed at a budget before the forest is fitted on that budget: the highest budget with at least this many
    /// results is used; below it everywhere, points are random. Default 8.
    /// </summary>
    public int MinObservations { get; set; } = 8;

    /// <summary>Local searches per fit, half started from the observed points with the highest acquisition, half from the best random candidates; default 10 (SMAC's <c>local_search_iterations</c>).</summary>
    public int LocalSearchStarts { get; set; } = 10;

    /// <summary>Uniform candidates scored by the acquisition at each fit (starts for local search, and candidates themselves); default 1000.</summary>
    public int RandomCandidates { get; set; } = 1000;

    /// <summary>Most moves of one local search; default 30.</summary>
    public int LocalSearchSteps { get; set; } = 30;

    /// <summary>Moves of one local search between neighbours of equal acquisition value (SMAC's plateau walk); default 10.</summary>
    public int PlateauSteps { get; set; } = 10;

    /// <summary>Standard deviation of a continuous neighbour's step, as a share of the coordinate's range; default 0.2.</summary>
    public double NeighbourStep { get; set; } = 0.2;

    /// <summary>
    /// Re-scalarise the raw costs of the whole history with ParEGO at every fit (new θ, bounds over the history), when the
    /// optimizer observes raw costs (<see cref="ITrialResultObserver"/>) of more than one objective; default false (the
    /// told values are modelled). The <c>smac</c> factory sets it from <see cref="OptimizerRequest.ParEgo"/>.
    /// </summary>
    public bool ParEgo { get; set; }

    /// <summary>ParEGO's ρ; default 0.05.</summary>
    public double Rho { get; set; } = 0.05;

    /// <summary>Which coordinates are active at a point (inactive ones are imputed to −1 in the forest's unit-cube features); null: all active.</summary>
    public Func<IReadOnlyList<double>, IReadOnlyList<bool>>? ActiveDimensions { get; set; }

    /// <summary>Checks the settings against a box dimension.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate(int dimension)
    {
        if (BatchSize < 1 || MaxEvaluations < 0 || Trees < 1 || MinSamplesSplit < 2 || MinSamplesLeaf < 1 || MinObservations < 2
            || LocalSearchStarts < 0 || RandomCandidates < 0 || LocalSearchSteps < 0 || PlateauSteps < 0)
        {
            throw new ArgumentException("SmacOptions: BatchSize, Trees, MinSamplesLeaf must be ≥ 1, MinSamplesSplit and MinObservations ≥ 2, MaxEvaluations and the search sizes ≥ 0.");
        }

        if (!(FeatureRatio > 0 && FeatureRatio <= 1) || !(RandomProbability >= 0 && RandomProbability <= 1) || !(NeighbourStep > 0) || !double.IsFinite(NeighbourStep) || !(Rho >= 0) || !double.IsFinite(Rho))
        {
            throw new ArgumentException("SmacOptions: FeatureRatio must lie in (0, 1], RandomProbability in [0, 1], NeighbourStep and Rho must be finite and positive (Rho may be 0).");
        }

        if (InitialDesign is null || InitialDesign.Any(p => p is null || p.Count != dimension || p.Any(v => !double.IsFinite(v))))
        {
            throw new ArgumentException($"SmacOptions.InitialDesign points must each have {dimension} finite coordinates.");
        }
    }

    internal ForestSettings Forest => new()
    {
        Trees = Trees,
        Bootstrap = Bootstrap,
        FeatureRatio = FeatureRatio,
        MinSamplesSplit = MinSamplesSplit,
        MinSamplesLeaf = MinSamplesLeaf,
    };
}

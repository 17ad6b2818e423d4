namespace GPTailor.Search;

/// <summary>
/// Settings of <see cref="Evolution"/>. The defaults were chosen on the search benchmark's synthetic objectives and
/// checked on its families (docs/search-benchmark.md).
/// </summary>
public sealed class EvolutionOptions : IBoxOptions
{
    /// <summary>Seed of the random generator (parents, mutations, random points).</summary>
    public ulong Seed { get; set; }

    /// <summary>Points per <see cref="Evolution.Ask"/>; default 1 (the <c>evolution</c> factory asks 17, one Hyperband round).</summary>
    public int BatchSize { get; set; } = 1;

    /// <summary>Evaluation budget; 0 (default) means no limit. Ask never hands out more points than the budget allows.</summary>
    public long MaxEvaluations { get; set; }

    /// <summary>Points asked before any offspring, in order (repaired into the box); their results seed the population.</summary>
    public IReadOnlyList<IReadOnlyList<double>> InitialDesign { get; set; } = [];

    /// <summary>Probability that a proposed point is uniformly random instead of a mutated parent; default 0.2.</summary>
    public double RandomProbability { get; set; } = 0.2;

    /// <summary>
    /// Parents are drawn uniformly from this many best results, ranked by the budget they reached (highest first), then
    /// by cost; default 5.
    /// </summary>
    public int Parents { get; set; } = 5;

    /// <summary>
    /// Probability of mutating one more coordinate after each mutated one (the count is 1 + geometric); default 0.75,
    /// i.e. four coordinates on average (0.5, two on average, did worse on the search benchmark's 16-layer family).
    /// </summary>
    public double ExtraMutationProbability { get; set; } = 0.75;

    /// <summary>Probability that a mutated continuous coordinate is redrawn uniformly instead of stepped; default 0.3.</summary>
    public double ResampleProbability { get; set; } = 0.3;

    /// <summary>Standard deviation of a continuous step, as a share of the coordinate's range; default 0.2.</summary>
    public double Step { get; set; } = 0.2;

    /// <summary>Which coordinates are active at a point (only active ones are mutated); null: all active.</summary>
    public Func<IReadOnlyList<double>, IReadOnlyList<bool>>? ActiveDimensions { get; set; }

    /// <summary>
    /// Maps a point to the canonical point of what it evaluates (<see cref="OptimizerRequest.Canonicalize"/>); offspring
    /// equal to an evaluated or outstanding point under it are redrawn. Null: points are compared as they are.
    /// </summary>
    public Func<IReadOnlyList<double>, IReadOnlyList<double>>? Canonicalize { get; set; }

    /// <summary>
    /// The decoder layer of each coordinate (<see cref="OptimizerRequest.DimensionLayers"/>), or null (default): then an
    /// offspring's mutated coordinates are drawn independently over the whole box, whatever <see cref="MutationLayers"/> says.
    /// </summary>
    public IReadOnlyList<int>? DimensionLayers { get; set; }

    /// <summary>
    /// How many consecutive layers one offspring's mutations may span (with <see cref="DimensionLayers"/>): the first
    /// mutated coordinate is drawn uniformly among the active ones, the others among the active coordinates of its layer
    /// and the next <c>MutationLayers − 1</c> layers. An offspring then keeps every layer of its parent before the
    /// first mutated one, and the prefix-activation cache resumes there. Default 1: each offspring changes one layer
    /// (its keep-score, sources and λ), which on the search benchmark found better plans than independent draws and
    /// let the cache skip more layer forwards; <see cref="int.MaxValue"/>: any later layer; 0: coordinates drawn
    /// independently over the whole box (the setting before).
    /// </summary>
    public int MutationLayers { get; set; } = 1;

    /// <summary>Checks the settings against a box dimension.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate(int dimension)
    {
        if (BatchSize < 1)
        {
            throw new ArgumentException($"EvolutionOptions.BatchSize must be ≥ 1, not {BatchSize}.");
        }

        if (MaxEvaluations < 0)
        {
            throw new ArgumentException($"EvolutionOptions.MaxEvaluations must be ≥ 0, not {MaxEvaluations}.");
        }

        if (Parents < 1)
        {
            throw new ArgumentException($"EvolutionOptions.Parents must be ≥ 1, not {Parents}.");
        }

        Probability(RandomProbability, nameof(RandomProbability));
        Probability(ResampleProbability, nameof(ResampleProbability));
        if (!(ExtraMutationProbability >= 0 && ExtraMutationProbability < 1))
        {
            throw new ArgumentException($"EvolutionOptions.ExtraMutationProbability must be in [0, 1), not {ExtraMutationProbability}.");
        }

        if (!(Step > 0 && double.IsFinite(Step)))
        {
            throw new ArgumentException($"EvolutionOptions.Step must be a positive number, not {Step}.");
        }

        if (MutationLayers < 0)
        {
            throw new ArgumentException($"EvolutionOptions.MutationLayers must be ≥ 0, not {MutationLayers}.");
        }

        if (DimensionLayers is { } layers && (layers.Count != dimension || layers.Any(l => l < 0)))
        {
            throw new ArgumentException($"EvolutionOptions.DimensionLayers must give a layer ≥ 0 for each of the {dimension} coordinates (it has {layers.Count}).");
        }

        ArgumentNullException.ThrowIfNull(InitialDesign, nameof(InitialDesign));
        foreach (var point in InitialDesign)
        {
            ArgumentNullException.ThrowIfNull(point, nameof(InitialDesign));
            OptionChecks.RequireLength(point, dimension, "EvolutionOptions.InitialDesign");
            OptionChecks.RequireFinite(point, "EvolutionOptions.InitialDesign");
        }
    }

    private static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"EvolutionOptions.{name} must be in [0, 1], not {value}.");
        }
    }
}

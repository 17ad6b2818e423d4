using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// An elitist evolutionary search with a share of random points, made for the mixed, noisy and multi-fidelity space of
/// GPTailor: the initial design is asked first; afterwards each point of a batch is, with probability
/// <see cref="EvolutionOptions.RandomProbability"/>, uniformly random, and otherwise a copy of a parent with a few active
/// coordinates mutated (a flip on a binary coordinate, ±1 on an integer one, a Gaussian step of
/// <see cref="EvolutionOptions.Step"/> of the range or, with <see cref="EvolutionOptions.ResampleProbability"/>, a
/// uniform redraw on a continuous one). Parents are drawn uniformly from the <see cref="EvolutionOptions.Parents"/>
/// best results, ranked first by the budget they reached and then by cost, so that under Hyperband the offspring
/// come from configurations that earned the full budget rather than from lucky low-budget scores. As an
/// <see cref="ITrialResultObserver"/> it ranks by the mean of a result's raw costs (the ParEGO value told under several
/// tasks is drawn with weights that change between batches, so it is not compared across batches). Offspring equal to
/// an evaluated or outstanding point (compared through <see cref="EvolutionOptions.Canonicalize"/>, i.e. as plans) are
/// redrawn, so that trials are not spent on plans already scored. When the space says which layer each coordinate
/// belongs to (<see cref="EvolutionOptions.DimensionLayers"/>), an offspring's mutations stay within
/// <see cref="EvolutionOptions.MutationLayers"/> layers (default one): it keeps all of its parent's layers before them,
/// which lets the prefix-activation cache skip the forwards of those layers.
/// </summary>
public sealed class Evolution : IZeroOrderOptimizer, IOptimizerStatus, ITrialResultObserver
{
    /// <summary>The <see cref="StopReason"/> once <see cref="EvolutionOptions.MaxEvaluations"/> points have been told.</summary>
    public const string MaxEvaluationsReason = "MaxEvaluations";

    /// <summary>Draws of an offspring (or random point) before a repeated plan is accepted.</summary>
    internal const int MaxDraws = 32;

    private readonly EvolutionOptions _options;
    private readonly double[][] _design;
    private SearchRandom _random;
    private EvolutionState _state;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public Evolution(SearchBox box, EvolutionOptions? options = null)
    {
        _options = OptionChecks.ForBox(options, box);
        Box = box;
        _design = _options.InitialDesign.Select(box.Repair).ToArray();
        _random = new SearchRandom(_options.Seed);
        _state = new EvolutionState { Dimension = box.Dimension };
    }

    /// <inheritdoc />
    public string Name => "evolution";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => _state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => _state.Best?.ToObservation();

    /// <inheritdoc />
    public string? StopReason => _state.StopReason;

    /// <summary>Mutated parents proposed so far.</summary>
    public long Offspring => _state.Offspring;

    /// <summary>Told points in the population.</summary>
    public int PopulationCount => _state.Population.Count;

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask() =>
        OutstandingPoints.Ask(_state, _state.StopReason is not null, _options.BatchSize, _options.MaxEvaluations, Propose);

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        OutstandingPoints.Check(_state.Pending.Select(p => p.Id), observations);
        foreach (var observation in observations)
        {
            var pending = OutstandingPoints.Take(_state, observation);
            var observed = _state.Observed.Find(r => r.PointId == pending.Id);
            if (observed is not null)
            {
                _state.Observed.Remove(observed);
            }

            _state.Population.Add(observed ?? new EvolutionRecord { PointId = pending.Id, Point = pending.Point.ToArray(), Cost = ObjectiveOrder.Rankable(observation.Value) });
        }

        if (_options.MaxEvaluations > 0 && _state.Evaluations >= _options.MaxEvaluations)
        {
            _state.StopReason = MaxEvaluationsReason;
        }
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var r in results)
        {
            ArgumentNullException.ThrowIfNull(r);
            if (r.Point.Id < 0 || r.Point.Id >= _state.NextId || r.Point.Coordinates.Count != Box.Dimension)
            {
                throw new ArgumentException($"Point {r.Point.Id} was not asked by this optimizer.", nameof(results));
            }

        }

        foreach (var r in results.Where(r => r.Costs is { Count: > 0 })) // without costs the told value is used
        {
            var cost = r.Costs.All(double.IsFinite) ? r.Costs.Average() : double.PositiveInfinity;
            var record = _state.Population.Find(p => p.PointId == r.Point.Id) ?? _state.Observed.Find(p => p.PointId == r.Point.Id);
            if (record is null)
            {
                _state.Observed.Add(new EvolutionRecord { PointId = r.Point.Id, Point = r.Point.Coordinates.ToArray(), Budget = r.Budget, Cost = cost });
            }
            else if (r.Budget >= record.Budget)
            {
                record.Budget = r.Budget;
                record.Cost = cost;
            }
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => _state.Save(_random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<EvolutionState>(state, EvolutionState.StateType);
        if (!loaded.Fits(Box.Dimension) || loaded.NextDesignIndex < 0 || loaded.NextDesignIndex > _design.Length
            || loaded.Pending.Any(p => p is null || p.Point is null || !Box.Contains(p.Point))
            || loaded.Population is null || loaded.Observed is null
            || loaded.Population.Concat(loaded.Observed).Any(r => r is null || r.Point is null || !Box.Contains(r.Point) || double.IsNaN(r.Cost) || r.Budget < 0))
        {
            throw new FormatException($"The evolution state does not fit this box (dimension {Box.Dimension}) and initial design, or its points or population are malformed.");
        }

        _random = loaded.LoadRandom("evolution");
        _state = loaded;
    }

    /// <summary>The next <paramref name="count"/> points: design points first, then offspring and random points.</summary>
    private List<double[]> Propose(int count)
    {
        var points = new List<double[]>();
        while (points.Count < count && _state.NextDesignIndex < _design.Length)
        {
            points.Add(_design[_state.NextDesignIndex++].ToArray());
        }

        var seen = new HashSet<double[]>(CoordinatesComparer.Instance);
        foreach (var p in _state.Population.Concat(_state.Observed).Select(r => r.Point).Concat(_state.Pending.Select(p => p.Point)).Concat(points))
        {
            seen.Add(Key(p));
        }

        var parents = _state.Population
            .OrderByDescending(r => r.Budget).ThenBy(r => r.Cost).ThenBy(r => r.PointId)
            .Take(_options.Parents).ToArray();
        while (points.Count < count)
        {
            var random = parents.Length == 0 || _random.NextDouble() < _options.RandomProbability;
            double[]? chosen = null;
            for (var draw = 0; draw < MaxDraws && chosen is null; draw++)
            {
                var candidate = random ? BoxSampling.Uniform(Box, _random) : Mutate(parents[_random.NextInt(parents.Length)].Point);
                if (seen.Add(Key(candidate)))
                {
                    chosen = candidate;
                }
            }

            if (!random)
            {
                _state.Offspring++;
            }

            points.Add(chosen ?? BoxSampling.Uniform(Box, _random));
        }

        return points;
    }

    private double[] Key(double[] point) => _options.Canonicalize is { } canonical ? canonical(point).ToArray() : point;

    /// <summary>
    /// A copy of <paramref name="parent"/> with 1 + geometric(<see cref="EvolutionOptions.ExtraMutationProbability"/>)
    /// active coordinates changed, within <see cref="EvolutionOptions.MutationLayers"/> layers when the layers are known.
    /// </summary>
    private double[] Mutate(double[] parent)
    {
        var child = parent.ToArray();
        var active = _options.ActiveDimensions?.Invoke(child);
        var dims = new List<int>(Box.Dimension);
        for (var i = 0; i < Box.Dimension; i++)
        {
            if ((active is null || active[i]) && Box.Upper[i] > Box.Lower[i])
            {
                dims.Add(i);
            }
        }

        if (dims.Count == 0)
        {
            return BoxSampling.Uniform(Box, _random);
        }

        var n = 1;
        while (n < dims.Count && _random.NextDouble() < _options.ExtraMutationProbability)
        {
            n++;
        }

        if (_options.MutationLayers > 0 && _options.DimensionLayers is { } layers)
        {
            // The first coordinate uniformly, the others within MutationLayers layers from its layer on.
            var first = dims[_random.NextInt(dims.Count)];
            var lastLayer = layers[first] + Math.Min(_options.MutationLayers - 1, int.MaxValue - layers[first]);
            var window = dims.Where(d => d != first && layers[d] >= layers[first] && layers[d] <= lastLayer).ToList();
            _random.Shuffle(window);
            dims = [first, .. window];
            n = Math.Min(n, dims.Count);
        }
        else
        {
            _random.Shuffle(dims);
        }

        for (var k = 0; k < n; k++)
        {
            var i = dims[k];
            double lower = Box.Lower[i], upper = Box.Upper[i];
            child[i] = Box.Kinds[i] != DimensionKind.Continuous ? BoxSampling.DiscreteNeighbour(Box, i, child[i], _random) ?? child[i]
                : _random.NextDouble() < _options.ResampleProbability ? lower + (_random.NextDouble() * (upper - lower))
                : Math.Clamp(child[i] + (_options.Step * (upper - lower) * _random.NextGaussian()), lower, upper);
        }

        return Box.Repair(child);
    }
}

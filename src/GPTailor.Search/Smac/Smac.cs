using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// Sequential model-based optimisation in the manner of SMAC 2.2 (the reference code's optimizer): a random-forest
/// surrogate (<see cref="RegressionForest"/>) fitted on the history at every <see cref="Ask"/> of a new batch, log-EI
/// maximised by local and random search (<see cref="SmacAcquisition"/>), a share of purely random points
/// (<see cref="SmacOptions.RandomProbability"/>, drawn per point), and the initial design asked first. As an
/// <see cref="ITrialResultObserver"/> it receives every trial's budget and raw costs from the scheduler: under Hyperband
/// it fits on the highest budget with at least <see cref="SmacOptions.MinObservations"/> results (SMAC's multi-fidelity
/// facade) and with several objectives it re-scalarises the whole history with fresh ParEGO weights at every fit
/// (<see cref="SmacOptions.ParEgo"/>). Without observed results it models the told values at one budget. A batch
/// holds distinct points, none evaluated or outstanding before. Points may be told in any order and any subset; a new
/// batch is proposed once the previous one has been told.
/// </summary>
public sealed class Smac : IZeroOrderOptimizer, IOptimizerStatus, ITrialResultObserver
{
    /// <summary>The <see cref="StopReason"/> once <see cref="SmacOptions.MaxEvaluations"/> points have been told.</summary>
    public const string MaxEvaluationsReason = "MaxEvaluations";

    private readonly SmacOptions _options;
    private readonly double[][] _design;
    private readonly SmacFeatures _features;
    private SearchRandom _random;
    private SmacState _state;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public Smac(SearchBox box, SmacOptions? options = null)
    {
        _options = OptionChecks.ForBox(options, box);
        Box = box;
        _design = _options.InitialDesign.Select(box.Repair).ToArray();
        _features = new SmacFeatures(box, _options.ActiveDimensions);
        _random = new SearchRandom(_options.Seed);
        _state = new SmacState { Dimension = box.Dimension };
    }

    /// <inheritdoc />
    public string Name => "smac";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => _state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => _state.Best?.ToObservation();

    /// <inheritdoc />
    public string? StopReason => _state.StopReason;

    /// <summary>Surrogate fits so far (batches proposed with a model).</summary>
    public long Fits => _state.ModelFits;

    /// <summary>Results in the history the surrogate is fitted on.</summary>
    public int HistoryCount => _state.History.Count;

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
            if (!_state.Observed)
            {
                _state.History.Add(new SmacRecord { PointId = pending.Id, Point = pending.Point.ToArray(), Costs = [observation.Value], Value = observation.Value });
            }
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
        var objectives = _state.Observed && _state.History.Count > 0 ? _state.History[0].Costs.Length : -1;
        foreach (var r in results)
        {
            ArgumentNullException.ThrowIfNull(r);
            if (r.Point.Id < 0 || r.Point.Id >= _state.NextId || r.Point.Coordinates.Count != Box.Dimension)
            {
                throw new ArgumentException($"Point {r.Point.Id} was not asked by this optimizer.", nameof(results));
            }

            if (r.Costs is null || r.Costs.Count == 0 || (objectives >= 0 && r.Costs.Count != objectives))
            {
                throw new ArgumentException($"The result of point {r.Point.Id} has {r.Costs?.Count ?? 0} costs; expected {(objectives >= 0 ? objectives : "at least 1")}.", nameof(results));
            }

            objectives = r.Costs.Count;
        }

        if (!_state.Observed)
        {
            _state.Observed = true;
            _state.History.Clear(); // told values are superseded by the raw results
        }

        foreach (var r in results)
        {
            _state.History.Add(new SmacRecord { PointId = r.Point.Id, Point = r.Point.Coordinates.ToArray(), Budget = r.Budget, Costs = r.Costs.ToArray(), Value = r.Value });
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => _state.Save(_random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<SmacState>(state, SmacState.StateType);
        if (!loaded.Fits(Box.Dimension) || loaded.Pending.Any(p => p is null || p.Point is null || p.Point.Length != Box.Dimension)
            || loaded.NextDesignIndex < 0 || loaded.NextDesignIndex > _design.Length || loaded.History is null
            || loaded.Pending.Any(p => !Box.Contains(p.Point))
            || loaded.History.Any(r => r is null || r.Point is null || !Box.Contains(r.Point) || r.Costs is null || r.Costs.Length != loaded.History[0].Costs.Length || r.Costs.Length == 0))
        {
            throw new FormatException($"The smac state does not fit this box (dimension {Box.Dimension}) and initial design, or its points or history are malformed.");
        }

        _random = loaded.LoadRandom("smac");
        _state = loaded;
    }

    /// <summary>The next <paramref name="count"/> points: design points first, then model-based or random ones.</summary>
    private List<double[]> Propose(int count)
    {
        var points = new List<double[]>();
        while (points.Count < count && _state.NextDesignIndex < _design.Length)
        {
            points.Add(_design[_state.NextDesignIndex++].ToArray());
        }

        if (points.Count == count)
        {
            return points;
        }

        var exclude = new HashSet<double[]>(CoordinatesComparer.Instance);
        foreach (var p in _state.History.Select(r => r.Point).Concat(_state.Pending.Select(p => p.Point)).Concat(points))
        {
            exclude.Add(p);
        }

        var model = SmacSurrogate.Fit(_state.History, _options, _features, _random);
        var slots = count - points.Count;
        var random = new bool[slots];
        for (var i = 0; i < slots; i++)
        {
            random[i] = model is null || _random.NextDouble() < _options.RandomProbability;
        }

        var proposed = new Queue<double[]>();
        if (model is not null)
        {
            _state.ModelFits++;
            foreach (var p in SmacAcquisition.Propose(model, Box, _options, random.Count(r => !r), exclude, _random))
            {
                proposed.Enqueue(p);
            }
        }

        for (var i = 0; i < slots; i++)
        {
            points.Add(!random[i] && proposed.Count > 0 ? proposed.Dequeue() : BoxSampling.Uniform(Box, _random));
        }

        return points;
    }
}

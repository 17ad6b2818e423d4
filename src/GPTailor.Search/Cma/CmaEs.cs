using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// CMA-ES (Hansen 2016 tutorial defaults) with active negative weights, cumulative step-size adaptation, lazy
/// eigendecomposition, margin correction for integer and binary coordinates (Hamano et al. 2022) and optional IPOP /
/// BIPOP restarts. Asked points always lie in the box: a draw outside the continuous bounds is redrawn up to
/// <see cref="CmaEsOptions.MaxResamples"/> times and then clipped, and the clipped step is what the update uses.
/// </summary>
public sealed class CmaEs : IZeroOrderOptimizer, IOptimizerStatus, ITrialResultObserver
{
    private readonly CmaEsOptions _options;
    private readonly int _n;
    private readonly bool _useMargin;
    private readonly double _defaultSigma0;
    private SearchRandom _random;
    private CmaEsState _state;
    private CmaEsParameters _parameters;

    /// <summary>Creates the optimizer and its first run.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public CmaEs(SearchBox box, CmaEsOptions? options = null)
    {
        _options = OptionChecks.ForBox(options, box);
        _n = box.Dimension;
        Box = box;
        _useMargin = _options.UseMargin ?? box.Kinds.Any(k => k != DimensionKind.Continuous);
        _defaultSigma0 = double.IsNaN(_options.Sigma0)
            ? 0.25 * Enumerable.Range(0, _n).Average(i => box.Upper[i] - box.Lower[i])
            : _options.Sigma0;
        if (!(_defaultSigma0 > 0))
        {
            throw new ArgumentException("The box has zero width; give CmaEsOptions.Sigma0 explicitly.");
        }

        _random = new SearchRandom(_options.Seed);
        var lambda = _options.PopulationSize > 0 ? _options.PopulationSize : 4 + (int)Math.Floor(3 * Math.Log(_n));
        var mean = _options.Mean0?.ToArray() ?? Enumerable.Range(0, _n).Select(i => (box.Lower[i] + box.Upper[i]) / 2).ToArray();
        _state = new CmaEsState
        {
            Dimension = _n,
            DefaultPopulation = lambda,
            LargePopulation = lambda,
            Run = CmaEsRun.Start(_n, lambda, _defaultSigma0, mean, false, 0, 0),
        };
        _parameters = new CmaEsParameters(_n, lambda);
    }

    /// <inheritdoc />
    public string Name => "cmaes";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => _state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => _state.Best?.ToObservation();

    /// <summary>Why the optimizer stopped, or <see cref="CmaEsStopReason.None"/> while it goes on (then <see cref="Ask"/> returns points).</summary>
    public CmaEsStopReason StopReason => _state.StopReason;

    /// <inheritdoc />
    string? IOptimizerStatus.StopReason => _state.StopReason == CmaEsStopReason.None ? null : _state.StopReason.ToString();

    /// <summary>Population size λ of the current run.</summary>
    public int PopulationSize => _state.Run.Lambda;

    /// <summary>Current step size σ.</summary>
    public double Sigma => _state.Run.Sigma;

    /// <summary>Current mean of the search distribution.</summary>
    public IReadOnlyList<double> Mean => _state.Run.Mean.ToArray();

    /// <summary>Restarts performed so far.</summary>
    public int RestartCount => _state.RestartCount;

    /// <summary>True when the margin correction is active.</summary>
    public bool UsesMargin => _useMargin;

    /// <summary>The finished runs (one per restart), oldest first.</summary>
    public IReadOnlyList<CmaEsRunSummary> Runs => _state.Runs.ToArray();

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask()
    {
        if (_state.StopReason != CmaEsStopReason.None)
        {
            return [];
        }

        if (_state.Pending.Count > 0)
        {
            return _state.Pending.Where(c => c.Value is null).Select(c => new SearchPoint(c.Id, c.Point.ToArray())).ToArray();
        }

        var count = (long)_state.Run.Lambda;
        if (_options.MaxEvaluations > 0)
        {
            count = Math.Min(count, _options.MaxEvaluations - _state.Evaluations);
        }

        for (var i = 0; i < count; i++)
        {
            _state.Pending.Add(CmaEsSampler.Sample(_state.Run, Box, _useMargin, _options.MaxResamples, _random, _state.NextId++));
        }

        return _state.Pending.Select(c => new SearchPoint(c.Id, c.Point.ToArray())).ToArray();
    }

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var byId = _state.Pending.ToDictionary(c => c.Id);
        var seen = new HashSet<long>();
        foreach (var observation in observations)
        {
            ArgumentNullException.ThrowIfNull(observation);
            var id = observation.Point.Id;
            if (!byId.TryGetValue(id, out var pending) || pending.Value is not null || !seen.Add(id))
            {
                throw new ArgumentException($"Point {id} is not an outstanding point of this optimizer (unknown or already told).", nameof(observations));
            }
        }

        foreach (var observation in observations)
        {
            var pending = byId[observation.Point.Id];
            pending.Value = observation.Value;
            _state.Evaluations++;
            _state.RunBestValue = Math.Min(_state.RunBestValue, ObjectiveOrder.Rankable(observation.Value));
            _state.Best = ObjectiveOrder.UpdateBest(_state.Best, new Observation(new SearchPoint(pending.Id, pending.Point), observation.Value));
        }

        if (_state.Pending.Count > 0 && _state.Pending.All(c => c.Value is not null))
        {
            FinishGeneration();
        }
    }

    /// <summary>Generations ranked on re-scalarised ParEGO values (<see cref="CmaEsOptions.ParEgo"/>).</summary>
    public long ReScalarisedGenerations => _state.ReScalarisedGenerations;

    /// <inheritdoc />
    public void Observe(IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var r in results)
        {
            ArgumentNullException.ThrowIfNull(r);
            if (r.Point.Id < 0 || r.Point.Id >= _state.NextId)
            {
                throw new ArgumentException($"Point {r.Point.Id} was not asked by this optimizer.", nameof(results));
            }

        }

        foreach (var r in results.Where(r => r.Costs is { Count: > 0 })) // a result without costs leaves the told value in charge
        {
            if (_state.Pending.Find(p => p.Id == r.Point.Id) is { } pending)
            {
                pending.Costs = r.Costs.ToArray(); // the latest result: the highest budget the point reached so far
            }
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => _state.Save(_random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<CmaEsState>(state, CmaEsState.StateType);
        if (!loaded.Fits(_n) || loaded.Run is null || loaded.Runs is null || loaded.Runs.Any(r => r is null))
        {
            throw new FormatException($"The CMA-ES state is for dimension {loaded.Dimension}, not {_n}, or is incomplete.");
        }

        loaded.Run.Validate(_n);
        if (loaded.Pending.Any(c => c is null || c.Point is null || c.Point.Length != _n || c.Step is null || c.Step.Length != _n))
        {
            throw new FormatException("A pending CMA-ES point has the wrong dimension.");
        }

        _random = loaded.LoadRandom("CMA-ES");
        _parameters = new CmaEsParameters(_n, loaded.Run.Lambda);
        _state = loaded;
    }

    private void FinishGeneration()
    {
        var run = _state.Run;
        var generation = _state.Pending;
        _state.Pending = [];
        if (generation.Count < run.Lambda)
        {
            _state.StopReason = CmaEsStopReason.MaxEvaluations;
            return;
        }

        var ranking = RankingValues(generation);
        var order = Enumerable.Range(0, generation.Count)
            .OrderBy(i => ranking[i])
            .ThenBy(i => i)
            .ToArray();
        var steps = order.Select(i => generation[i].Step).ToArray();
        var values = order.Select(i => ObjectiveOrder.Rankable(generation[i].Value!.Value)).ToArray();
        CmaEsUpdate.Apply(run, _parameters, steps);
        if (run.Generation - run.EigenGeneration >= _parameters.EigenInterval)
        {
            run.Decompose();
        }

        if (_useMargin)
        {
            CmaEsMargin.Apply(run, Box, double.IsNaN(_options.MarginAlpha) ? 1.0 / (_n * run.Lambda) : _options.MarginAlpha);
        }

        if (_state.Best is not null && ObjectiveOrder.Rankable(_state.Best.Value ?? double.NaN) <= _options.TargetValue)
        {
            _state.StopReason = CmaEsStopReason.TargetReached;
            return;
        }

        if (_options.MaxEvaluations > 0 && _state.Evaluations >= _options.MaxEvaluations)
        {
            _state.StopReason = CmaEsStopReason.MaxEvaluations;
            return;
        }

        var local = CmaEsTermination.Check(run, _parameters, _options, Box, values);
        if (local == CmaEsStopReason.None && run.EvaluationCap > 0 && _state.Evaluations - run.StartEvaluations >= run.EvaluationCap)
        {
            local = CmaEsStopReason.MaxEvaluations;
        }

        if (local != CmaEsStopReason.None)
        {
            EndRun(local);
        }
    }

    /// <summary>
    /// The values a generation is ranked on: the told values, or — with <see cref="CmaEsOptions.ParEgo"/> and observed
    /// costs of several objectives for every point — ParEGO values under one θ drawn now, normalised over the generation.
    /// </summary>
    private double[] RankingValues(List<CmaPendingPoint> generation)
    {
        var objectives = generation[0].Costs?.Length ?? 0;
        if (!_options.ParEgo || objectives < 2 || generation.Any(c => c.Costs is null || c.Costs.Length != objectives))
        {
            return generation.Select(c => ObjectiveOrder.Rankable(c.Value!.Value)).ToArray();
        }

        var theta = ParEgoScalarizer.DrawTheta(objectives, _random.NextDouble);
        var min = Enumerable.Range(0, objectives).Select(j => generation.Select(c => c.Costs![j]).Where(double.IsFinite).DefaultIfEmpty(0).Min()).ToArray();
        var max = Enumerable.Range(0, objectives).Select(j => generation.Select(c => c.Costs![j]).Where(double.IsFinite).DefaultIfEmpty(0).Max()).ToArray();
        _state.ReScalarisedGenerations++;
        return generation.Select(c => ObjectiveOrder.Rankable(ParEgoScalarizer.Chebyshev(c.Costs!, theta, min, max, _options.Rho))).ToArray();
    }

    private void EndRun(CmaEsStopReason reason)
    {
        var run = _state.Run;
        var used = _state.Evaluations - run.StartEvaluations;
        _state.Runs.Add(new CmaEsRunSummary(run.Lambda, run.Sigma0, used, _state.RunBestValue, reason, run.IsSmallRegime));
        if (_options.Restarts == CmaRestartStrategy.None)
        {
            _state.StopReason = reason;
            return;
        }

        if (_state.RestartCount >= _options.MaxRestarts)
        {
            _state.StopReason = CmaEsStopReason.RestartsExhausted;
            return;
        }

        CmaEsRestartPolicy.Record(_state, run, used);
        _state.RestartCount++;
        _state.RunBestValue = double.PositiveInfinity;
        var mean = Enumerable.Range(0, _n).Select(i => Box.Lower[i] + _random.NextDouble() * (Box.Upper[i] - Box.Lower[i])).ToArray();
        var next = CmaEsRestartPolicy.NextRun(_state, _options, _defaultSigma0, _random);
        StartRun(next.Lambda, next.Sigma0, mean, next.SmallRegime, next.EvaluationCap);
    }

    private void StartRun(int lambda, double sigma0, double[] mean, bool small, long cap)
    {
        _state.Run = CmaEsRun.Start(_n, lambda, sigma0, mean, small, _state.Evaluations, cap);
        _parameters = new CmaEsParameters(_n, lambda);
    }
}

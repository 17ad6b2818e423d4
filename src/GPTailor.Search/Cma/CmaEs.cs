using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// CMA-ES (Hansen 2016 tutorial defaults) with active negative weights, cumulative step-size adaptation, lazy
/// eigendecomposition, margin correction for integer and binary coordinates (Hamano et al. 2022) and optional IPOP /
/// BIPOP restarts. Asked points always lie in the box: a draw outside the continuous bounds is redrawn up to
/// <see cref="CmaEsOptions.MaxResamples"/> times and then clipped, and the clipped step is what the update uses.
/// </summary>
public sealed class CmaEs : IZeroOrderOptimizer, IOptimizerStatus
{
    private readonly CmaEsOptions options;
    private readonly int n;
    private readonly bool useMargin;
    private readonly double defaultSigma0;
    private SearchRandom random;
    private CmaEsState state;
    private CmaEsParameters parameters;

    /// <summary>Creates the optimizer and its first run.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public CmaEs(SearchBox box, CmaEsOptions? options = null)
    {
        this.options = OptionChecks.ForBox(options, box);
        n = box.Dimension;
        Box = box;
        useMargin = this.options.UseMargin ?? box.Kinds.Any(k => k != DimensionKind.Continuous);
        defaultSigma0 = double.IsNaN(this.options.Sigma0)
            ? 0.25 * Enumerable.Range(0, n).Average(i => box.Upper[i] - box.Lower[i])
            : this.options.Sigma0;
        if (!(defaultSigma0 > 0))
        {
            throw new ArgumentException("The box has zero width; give CmaEsOptions.Sigma0 explicitly.");
        }

        random = new SearchRandom(this.options.Seed);
        var lambda = this.options.PopulationSize > 0 ? this.options.PopulationSize : 4 + (int)Math.Floor(3 * Math.Log(n));
        var mean = this.options.Mean0?.ToArray() ?? Enumerable.Range(0, n).Select(i => (box.Lower[i] + box.Upper[i]) / 2).ToArray();
        state = new CmaEsState
        {
            Dimension = n,
            DefaultPopulation = lambda,
            LargePopulation = lambda,
            Run = CmaEsRun.Start(n, lambda, defaultSigma0, mean, false, 0, 0),
        };
        parameters = new CmaEsParameters(n, lambda);
    }

    /// <inheritdoc />
    public string Name => "cmaes";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => state.Best?.ToObservation();

    /// <summary>Why the optimizer stopped, or <see cref="CmaEsStopReason.None"/> while it goes on (then <see cref="Ask"/> returns points).</summary>
    public CmaEsStopReason StopReason => state.StopReason;

    /// <inheritdoc />
    string? IOptimizerStatus.StopReason => state.StopReason == CmaEsStopReason.None ? null : state.StopReason.ToString();

    /// <summary>Population size λ of the current run.</summary>
    public int PopulationSize => state.Run.Lambda;

    /// <summary>Current step size σ.</summary>
    public double Sigma => state.Run.Sigma;

    /// <summary>Current mean of the search distribution.</summary>
    public IReadOnlyList<double> Mean => state.Run.Mean.ToArray();

    /// <summary>Restarts performed so far.</summary>
    public int RestartCount => state.RestartCount;

    /// <summary>True when the margin correction is active.</summary>
    public bool UsesMargin => useMargin;

    /// <summary>The finished runs (one per restart), oldest first.</summary>
    public IReadOnlyList<CmaEsRunSummary> Runs => state.Runs.ToArray();

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask()
    {
        if (state.StopReason != CmaEsStopReason.None)
        {
            return [];
        }

        if (state.Pending.Count > 0)
        {
            return state.Pending.Where(c => c.Value is null).Select(c => new SearchPoint(c.Id, c.Point.ToArray())).ToArray();
        }

        var count = (long)state.Run.Lambda;
        if (options.MaxEvaluations > 0)
        {
            count = Math.Min(count, options.MaxEvaluations - state.Evaluations);
        }

        for (var i = 0; i < count; i++)
        {
            state.Pending.Add(CmaEsSampler.Sample(state.Run, Box, useMargin, options.MaxResamples, random, state.NextId++));
        }

        return state.Pending.Select(c => new SearchPoint(c.Id, c.Point.ToArray())).ToArray();
    }

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var byId = state.Pending.ToDictionary(c => c.Id);
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
            state.Evaluations++;
            state.RunBestValue = Math.Min(state.RunBestValue, ObjectiveOrder.Rankable(observation.Value));
            state.Best = ObjectiveOrder.UpdateBest(state.Best, new Observation(new SearchPoint(pending.Id, pending.Point), observation.Value));
        }

        if (state.Pending.Count > 0 && state.Pending.All(c => c.Value is not null))
        {
            FinishGeneration();
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => state.Save(random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<CmaEsState>(state, CmaEsState.StateType);
        if (!loaded.Fits(n) || loaded.Run is null || loaded.Runs is null || loaded.Runs.Any(r => r is null))
        {
            throw new FormatException($"The CMA-ES state is for dimension {loaded.Dimension}, not {n}, or is incomplete.");
        }

        loaded.Run.Validate(n);
        if (loaded.Pending.Any(c => c is null || c.Point is null || c.Point.Length != n || c.Step is null || c.Step.Length != n))
        {
            throw new FormatException("A pending CMA-ES point has the wrong dimension.");
        }

        random = loaded.LoadRandom("CMA-ES");
        parameters = new CmaEsParameters(n, loaded.Run.Lambda);
        this.state = loaded;
    }

    private void FinishGeneration()
    {
        var run = state.Run;
        var generation = state.Pending;
        state.Pending = [];
        if (generation.Count < run.Lambda)
        {
            state.StopReason = CmaEsStopReason.MaxEvaluations;
            return;
        }

        var order = Enumerable.Range(0, generation.Count)
            .OrderBy(i => ObjectiveOrder.Rankable(generation[i].Value!.Value))
            .ThenBy(i => i)
            .ToArray();
        var steps = order.Select(i => generation[i].Step).ToArray();
        var values = order.Select(i => ObjectiveOrder.Rankable(generation[i].Value!.Value)).ToArray();
        CmaEsUpdate.Apply(run, parameters, steps);
        if (run.Generation - run.EigenGeneration >= parameters.EigenInterval)
        {
            run.Decompose();
        }

        if (useMargin)
        {
            CmaEsMargin.Apply(run, Box, double.IsNaN(options.MarginAlpha) ? 1.0 / (n * run.Lambda) : options.MarginAlpha);
        }

        if (state.Best is not null && ObjectiveOrder.Rankable(state.Best.Value ?? double.NaN) <= options.TargetValue)
        {
            state.StopReason = CmaEsStopReason.TargetReached;
            return;
        }

        if (options.MaxEvaluations > 0 && state.Evaluations >= options.MaxEvaluations)
        {
            state.StopReason = CmaEsStopReason.MaxEvaluations;
            return;
        }

        var local = CmaEsTermination.Check(run, parameters, options, Box, values);
        if (local == CmaEsStopReason.None && run.EvaluationCap > 0 && state.Evaluations - run.StartEvaluations >= run.EvaluationCap)
        {
            local = CmaEsStopReason.MaxEvaluations;
        }

        if (local != CmaEsStopReason.None)
        {
            EndRun(local);
        }
    }

    private void EndRun(CmaEsStopReason reason)
    {
        var run = state.Run;
        var used = state.Evaluations - run.StartEvaluations;
        state.Runs.Add(new CmaEsRunSummary(run.Lambda, run.Sigma0, used, state.RunBestValue, reason, run.IsSmallRegime));
        if (options.Restarts == CmaRestartStrategy.None)
        {
            state.StopReason = reason;
            return;
        }

        if (state.RestartCount >= options.MaxRestarts)
        {
            state.StopReason = CmaEsStopReason.RestartsExhausted;
            return;
        }

        CmaEsRestartPolicy.Record(state, run, used);
        state.RestartCount++;
        state.RunBestValue = double.PositiveInfinity;
        var mean = Enumerable.Range(0, n).Select(i => Box.Lower[i] + random.NextDouble() * (Box.Upper[i] - Box.Lower[i])).ToArray();
        var next = CmaEsRestartPolicy.NextRun(state, options, defaultSigma0, random);
        StartRun(next.Lambda, next.Sigma0, mean, next.SmallRegime, next.EvaluationCap);
    }

    private void StartRun(int lambda, double sigma0, double[] mean, bool small, long cap)
    {
        state.Run = CmaEsRun.Start(n, lambda, sigma0, mean, small, state.Evaluations, cap);
        parameters = new CmaEsParameters(n, lambda);
    }
}

using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// Hyperband / successive halving over an <see cref="IZeroOrderOptimizer"/> (brackets by <see cref="HyperbandPlan"/>).
/// Brackets run one at a time and stage by stage; a stage's trials may run concurrently. New configurations come from
/// the optimizer: asked points are buffered across brackets, so a population-based optimizer should ask at least
/// as many points per generation as the next bracket needs; <see cref="HyperbandPlan.NewConfigsPerRound"/> (17 for the
/// reference) makes one generation exactly one round. When the optimizer cannot supply enough new points (its
/// outstanding ones are all buffered), the bracket starts with what there is and scales its later stages down
/// (n_j' = min(n_{j−1}', max(1, ⌊n_j · n₀'/n₀⌋))). A configuration is told to the optimizer once it is final, with the
/// value chosen by <see cref="HyperbandOptions.Tell"/>: its last value, or the level-encoded value of <see cref="SchedulerTellValue"/>.
/// </summary>
public sealed class HyperbandScheduler : ITrialScheduler, IRescalarizingScheduler
{
    private readonly HyperbandOptions _options;
    private readonly int _maxLevel;
    private IScalarizer? _scalarizer;
    private HyperbandState _state = new();

    /// <summary>Creates the scheduler.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HyperbandScheduler(IZeroOrderOptimizer optimizer, HyperbandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        _options = options ?? new HyperbandOptions();
        _options.Validate();
        Optimizer = optimizer;
        Brackets = HyperbandPlan.Brackets(_options.Eta, _options.MinBudget, _options.MaxBudget);
        _maxLevel = Brackets[0].Levels[^1];
    }

    /// <inheritdoc />
    public IZeroOrderOptimizer Optimizer { get; }

    /// <summary>The bracket plan (bracket 0 … s_max).</summary>
    public IReadOnlyList<HyperbandBracket> Brackets { get; }

    /// <summary>Brackets finished so far.</summary>
    public int CompletedBrackets => _state.BracketsCompleted;

    /// <summary>Plan index of the running bracket, or null between brackets.</summary>
    public int? CurrentBracket => _state.Current?.PlanIndex;

    /// <summary>The best outcome (lowest value) reported at the full budget, or null.</summary>
    public TrialOutcome? Incumbent => _state.Incumbent?.ToOutcome();

    /// <inheritdoc />
    public bool IsComplete
    {
        get
        {
            if (_state.Complete)
            {
                return true;
            }

            if (_state.Current is null && _state.Buffer.Count == 0)
            {
                FillBuffer(1); // an empty Ask: the optimizer has finished
            }

            return _state.Current is null && _state.Buffer.Count == 0;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRequest> Next()
    {
        if (_state.Complete)
        {
            return [];
        }

        if (_state.Current is null)
        {
            StartBracket();
            if (_state.Current is null)
            {
                return [];
            }
        }

        return _state.Current.Requests.Where(r => r.Outcome is null).Select(r => r.ToRequest()).ToArray();
    }

    /// <inheritdoc />
    public void Report(IReadOnlyList<TrialOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var bracket = _state.Current ?? throw new ArgumentException("No trials are pending.", nameof(outcomes));
        var matched = ReportValidation.Match(outcomes, bracket.Requests);
        var topBudget = Brackets[0].IntegerBudgets[^1];
        for (var i = 0; i < matched.Length; i++)
        {
            matched[i].Outcome = OutcomeState.From(outcomes[i]);
            if (matched[i].Budget == topBudget && ReportValidation.Improves(outcomes[i], _state.Incumbent))
            {
                _state.Incumbent = matched[i].Outcome;
            }
        }

        TrialResults.Forward(Optimizer, matched, outcomes);
        if (bracket.Requests.All(r => r.Outcome is not null))
        {
            AdvanceStage(bracket);
        }
    }

    /// <summary>
    /// Values told to the optimizer are then recomputed from each told configuration's costs with the scalarizer's
    /// current state (one θ and one normalisation per <see cref="IZeroOrderOptimizer.Tell"/> call) before the level
    /// encoding of <see cref="SchedulerTellValue"/>; without a scalarizer the value reported with the result is used.
    /// </summary>
    public void UseScalarizer(IScalarizer scalarizer)
    {
        ArgumentNullException.ThrowIfNull(scalarizer);
        _scalarizer = scalarizer;
    }

    /// <inheritdoc />
    public JsonNode SaveState()
    {
        _state.Optimizer = Optimizer.SaveState();
        return StateJson.Serialize(_state);
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<HyperbandState>(state, HyperbandState.StateType);
        if (loaded.Buffer is null || loaded.Optimizer is null || loaded.Buffer.Any(c => c is null || c.Point is null) || !OutcomeState.IsWellFormed(loaded.Incumbent) || (loaded.Current is not null && !IsConsistent(loaded.Current)))
        {
            throw new FormatException("The Hyperband scheduler state is incomplete or inconsistent (buffer, optimizer state or current bracket).");
        }

        Optimizer.LoadState(loaded.Optimizer);
        _state = loaded;
    }

    private bool IsConsistent(BracketState b) =>
        b.PlanIndex >= 0 && b.PlanIndex < Brackets.Count && b.Counts is not null && b.Budgets is not null && b.Levels is not null
        && b.Counts.Length == b.Budgets.Length && b.Levels.Length == b.Counts.Length && b.Stage >= 0 && b.Stage < b.Counts.Length
        && b.Configs is not null && b.Members is not null && b.Requests is not null && b.Configs.All(c => c is not null && c.Point is not null && c.Costs is not null) && b.Requests.All(r => r is not null && r.Point is not null && OutcomeState.IsWellFormed(r.Outcome))
        && b.Members.All(m => m >= 0 && m < b.Configs.Count) && b.Requests.All(r => r.ConfigIndex >= 0 && r.ConfigIndex < b.Configs.Count);

    private void StartBracket()
    {
        if (_options.MaxBrackets > 0 && _state.BracketsCompleted >= _options.MaxBrackets)
        {
            _state.Complete = true;
            return;
        }

        var plan = Brackets[_options.Mode == HyperbandMode.SuccessiveHalving ? _options.SuccessiveHalvingBracket : _state.BracketsStarted % Brackets.Count];
        var need = plan.ConfigCounts[0];
        FillBuffer(need);
        var take = Math.Min(need, _state.Buffer.Count);
        if (take == 0)
        {
            _state.Complete = true;
            return;
        }

        var counts = plan.ConfigCounts.ToArray();
        counts[0] = take;
        for (var j = 1; j < counts.Length; j++)
        {
            counts[j] = Math.Min(counts[j - 1], Math.Max(1, (int)((long)plan.ConfigCounts[j] * take / need)));
        }

        var bracket = new BracketState
        {
            PlanIndex = plan.Index,
            Counts = counts,
            Budgets = plan.IntegerBudgets.ToArray(),
            Levels = plan.Levels.ToArray(),
            Configs = _state.Buffer.Take(take).Select(c => new BracketConfig { PointId = c.Id, Point = c.Point }).ToList(),
            Members = Enumerable.Range(0, take).ToList(),
        };
        _state.Buffer.RemoveRange(0, take);
        CreateRequests(bracket);
        _state.Current = bracket;
        _state.BracketsStarted++;
    }

    private void FillBuffer(int need)
    {
        while (_state.Buffer.Count < need)
        {
            var known = _state.Buffer.Select(c => c.Id).ToHashSet();
            var fresh = Optimizer.Ask().Where(c => !known.Contains(c.Id)).ToArray();
            if (fresh.Length == 0)
            {
                break;
            }

            _state.Buffer.AddRange(fresh.Select(c => new ObservationState { Id = c.Id, Point = c.Coordinates.ToArray() }));
        }
    }

    private void CreateRequests(BracketState bracket)
    {
        bracket.Requests = bracket.Members.Select(m => new RequestState
        {
            Id = _state.NextRequestId++,
            ConfigIndex = m,
            PointId = bracket.Configs[m].PointId,
            Point = bracket.Configs[m].Point,
            Budget = bracket.Budgets[bracket.Stage],
        }).ToList();
    }

    private void AdvanceStage(BracketState bracket)
    {
        foreach (var request in bracket.Requests)
        {
            var config = bracket.Configs[request.ConfigIndex];
            config.Level = bracket.Levels[bracket.Stage];
            config.Value = request.Outcome!.Value;
            config.Costs = request.Outcome.Costs;
        }

        var ranked = StagePromotion.Rank(bracket.Members.Select(m => bracket.Configs[m]).ToArray(), _options.Promotion)
            .Select(i => bracket.Members[i]).ToArray();
        if (bracket.Stage == bracket.Counts.Length - 1)
        {
            TellFinal(bracket, ranked);
            _state.Current = null;
            _state.BracketsCompleted++;
            if (_options.MaxBrackets > 0 && _state.BracketsCompleted >= _options.MaxBrackets)
            {
                _state.Complete = true;
            }

            return;
        }

        var keep = bracket.Counts[bracket.Stage + 1];
        TellFinal(bracket, ranked.Skip(keep).ToArray());
        bracket.Members = ranked.Take(keep).ToList();
        bracket.Stage++;
        CreateRequests(bracket);
    }

    private void TellFinal(BracketState bracket, IReadOnlyList<int> configIndices)
    {
        if (configIndices.Count == 0)
        {
            return;
        }

        Optimizer.Tell(configIndices.Select(i => bracket.Configs[i])
            .Select(c => new Observation(new SearchPoint(c.PointId, c.Point.ToArray()), _options.Tell == HyperbandTellMode.LevelEncoded ? SchedulerTellValue.Encode(_maxLevel, c.Level, CurrentValue(c)) : CurrentValue(c)))
            .ToArray());
    }

    /// <summary>The configuration's value under the scalarizer's current state (+∞ when a cost is not finite), or its reported value.</summary>
    private double CurrentValue(BracketConfig config) =>
        _scalarizer is null ? config.Value
        : config.Costs.All(double.IsFinite) ? _scalarizer.Scalarize(config.Costs) : double.PositiveInfinity;
}

using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>Evaluates everything the optimizer asks at one (the full) budget and tells the optimizer each value as reported.</summary>
public sealed class SingleFidelityScheduler : ITrialScheduler
{
    private SingleFidelityState _state;

    /// <summary>Creates the scheduler.</summary>
    /// <exception cref="ArgumentException"><paramref name="budget"/> is not positive.</exception>
    public SingleFidelityScheduler(IZeroOrderOptimizer optimizer, int budget)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (budget < 1)
        {
            throw new ArgumentException($"The budget must be positive, not {budget}.", nameof(budget));
        }

        Optimizer = optimizer;
        _state = new SingleFidelityState { Budget = budget };
    }

    /// <inheritdoc />
    public IZeroOrderOptimizer Optimizer { get; }

    /// <summary>The budget every trial runs at.</summary>
    public int Budget => _state.Budget;

    /// <summary>The best reported outcome, or null.</summary>
    public TrialOutcome? Incumbent => _state.Incumbent?.ToOutcome();

    /// <inheritdoc />
    public bool IsComplete
    {
        get
        {
            Fill();
            return _state.Pending.Count == 0;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRequest> Next()
    {
        Fill();
        return _state.Pending.Select(r => r.ToRequest()).ToArray();
    }

    /// <inheritdoc />
    public void Report(IReadOnlyList<TrialOutcome> outcomes)
    {
        var matched = ReportValidation.Match(outcomes, _state.Pending);
        TrialResults.Forward(Optimizer, matched, outcomes);
        var observations = new List<Observation>();
        for (var i = 0; i < matched.Length; i++)
        {
            _state.Pending.Remove(matched[i]);
            observations.Add(new Observation(new SearchPoint(matched[i].PointId, matched[i].Point), outcomes[i].Value));
            if (ReportValidation.Improves(outcomes[i], _state.Incumbent))
            {
                _state.Incumbent = OutcomeState.From(outcomes[i]);
            }
        }

        Optimizer.Tell(observations);
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
        var loaded = StateJson.Deserialize<SingleFidelityState>(state, SingleFidelityState.StateType);
        if (loaded.Pending is null || loaded.Budget < 1 || loaded.Optimizer is null || loaded.Pending.Any(r => r is null || r.Point is null) || !OutcomeState.IsWellFormed(loaded.Incumbent))
        {
            throw new FormatException("The single-fidelity scheduler state is incomplete (pending trials, budget or optimizer state).");
        }

        Optimizer.LoadState(loaded.Optimizer);
        _state = loaded;
    }

    /// <summary>With no trial pending, asks the optimizer for its next points (none once it has finished).</summary>
    private void Fill()
    {
        if (_state.Pending.Count > 0)
        {
            return;
        }

        foreach (var point in Optimizer.Ask())
        {
            _state.Pending.Add(new RequestState { Id = _state.NextRequestId++, PointId = point.Id, Point = point.Coordinates.ToArray(), Budget = _state.Budget });
        }
    }
}

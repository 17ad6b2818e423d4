
namespace GPTailor.Search;

/// <summary>Evaluates everything the optimizer asks at one (the full) budget and tells the optimizer each value as reported.</summary>
public sealed class SingleFidelityScheduler : ITrialScheduler
{
    private SingleFidelityState state;

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
        state = new SingleFidelityState { Budget = budget };
    }

    /// <inheritdoc />
    public IZeroOrderOptimizer Optimizer { get; }

    /// <summary>The budget every trial runs at.</summary>
    public int Budget => state.Budget;

    /// <summary>The best reported outcome, or null.</summary>
    public TrialOutcome? Incumbent => state.Incumbent?.ToOutcome();

    /// <inheritdoc />
    public bool IsComplete => state.Pending.Count == 0 && Optimizer.StopReason != OptimizerStopReason.None;

    /// <inheritdoc />
    public IReadOnlyList<TrialRequest> Next()
    {
        if (state.Pending.Count == 0 && Optimizer.StopReason == OptimizerStopReason.None)
        {
            foreach (var candidate in Optimizer.Ask())
            {
                state.Pending.Add(new RequestState { Id = state.NextRequestId++, CandidateId = candidate.Id, Point = candidate.Point.ToArray(), Budget = state.Budget });
            }
        }

        return state.Pending.Select(r => r.ToRequest()).ToArray();
    }

    /// <inheritdoc />
    public void Report(IReadOnlyList<TrialOutcome> outcomes)
    {
        var matched = ReportValidation.Match(outcomes, state.Pending);
        var observations = new List<Observation>();
        for (var i = 0; i < matched.Length; i++)
        {
            state.Pending.Remove(matched[i]);
            observations.Add(new Observation(new Candidate(matched[i].CandidateId, matched[i].Point), outcomes[i].Value));
            if (ReportValidation.Improves(outcomes[i], state.Incumbent))
            {
                state.Incumbent = OutcomeState.From(outcomes[i]);
            }
        }

        Optimizer.Tell(observations);
    }

    /// <inheritdoc />
    public string SaveState()
    {
        state.OptimizerState = Optimizer.SaveState();
        return StateJson.Serialize(state);
    }

    /// <inheritdoc />
    public void LoadState(string json)
    {
        var loaded = StateJson.Deserialize<SingleFidelityState>(json, SingleFidelityState.KindName, s => s.Kind);
        if (loaded.Pending is null || loaded.Budget < 1 || string.IsNullOrEmpty(loaded.OptimizerState))
        {
            throw new FormatException("The single-fidelity scheduler state is incomplete.");
        }

        Optimizer.LoadState(loaded.OptimizerState);
        state = loaded;
    }
}

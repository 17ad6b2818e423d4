namespace GPTailor;

/// <summary>
/// Decides which candidate to evaluate at which budget: a single-fidelity scheduler evaluates everything the optimizer
/// asks at the full budget; successive halving / Hyperband evaluate many at a low budget and promote the best.
/// Like optimizers, schedulers are deterministic and save their whole state as JSON.
/// </summary>
public interface ITrialScheduler
{
    /// <summary>The optimizer that proposes new candidates.</summary>
    IZeroOrderOptimizer Optimizer { get; }

    /// <summary>True once the schedule (or the optimizer) has finished.</summary>
    bool IsComplete { get; }

    /// <summary>
    /// The trials that can run now (they may run concurrently). Returns the still-unreported ones again if called
    /// before they are reported; empty only when <see cref="IsComplete"/>.
    /// </summary>
    IReadOnlyList<TrialRequest> Next();

    /// <summary>Reports finished trials (any subset of the requests returned by <see cref="Next"/>).</summary>
    void Report(IReadOnlyList<TrialOutcome> outcomes);

    /// <summary>Serialises the whole state, including the optimizer's.</summary>
    string SaveState();

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    void LoadState(string json);
}

using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Decides which search point to evaluate at which budget: a single-fidelity scheduler evaluates everything the optimizer
/// asks at the full budget; successive halving / Hyperband evaluate many at a low budget and promote the best.
/// Like optimizers, schedulers are deterministic and save their whole state as a JSON object (with the optimizer's
/// state nested in it). A scheduler learns that its optimizer has finished only from an empty
/// <see cref="IZeroOrderOptimizer.Ask"/>.
/// </summary>
public interface ITrialScheduler
{
    /// <summary>The optimizer that proposes new points.</summary>
    IZeroOrderOptimizer Optimizer { get; }

    /// <summary>True once the schedule (or the optimizer) has finished. May ask the optimizer for its next points.</summary>
    bool IsComplete { get; }

    /// <summary>
    /// The trials that can run now (they may run concurrently). Returns the still-unreported ones again if called
    /// before they are reported; empty only when <see cref="IsComplete"/>.
    /// </summary>
    IReadOnlyList<TrialRequest> Next();

    /// <summary>Reports finished trials (any subset of the requests returned by <see cref="Next"/>).</summary>
    void Report(IReadOnlyList<TrialOutcome> outcomes);

    /// <summary>The whole state as a JSON object with a <c>"type"</c> tag, the optimizer's state nested in it.</summary>
    JsonNode SaveState();

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a state of this scheduler (or of its optimizer).</exception>
    void LoadState(JsonNode state);
}

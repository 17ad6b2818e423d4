namespace GPTailor;

/// <summary>
/// A derivative-free minimiser with an ask/tell interface over a <see cref="SearchBox"/>.
/// Implementations are seeded and deterministic: the same seed, box and told values give the same points.
/// Their whole state can be saved to JSON and loaded into a fresh instance to continue identically.
/// </summary>
public interface IZeroOrderOptimizer
{
    /// <summary>A short name such as <c>cmaes</c>, <c>random</c> or <c>spsa</c>.</summary>
    string Name { get; }

    /// <summary>The box searched.</summary>
    SearchBox Box { get; }

    /// <summary>Number of observations told so far.</summary>
    long Evaluations { get; }

    /// <summary>The best observation told so far, or null before the first one.</summary>
    Observation? Best { get; }

    /// <summary>Why the optimizer stopped, or <see cref="OptimizerStopReason.None"/> while it goes on.</summary>
    OptimizerStopReason StopReason { get; }

    /// <summary>
    /// Proposes the next points: a whole generation for population-based methods, or one point.
    /// Calling Ask again before telling the outstanding candidates returns the same outstanding candidates.
    /// </summary>
    IReadOnlyList<Candidate> Ask();

    /// <summary>
    /// Tells the values of asked candidates. Population-based optimizers update once every outstanding candidate
    /// of the generation has been told; telling an unknown candidate throws <see cref="ArgumentException"/>.
    /// </summary>
    void Tell(IReadOnlyList<Observation> observations);

    /// <summary>Serialises the complete state (including outstanding candidates and random generator state) as JSON.</summary>
    string SaveState();

    /// <summary>Restores a state written by <see cref="SaveState"/> of the same optimizer type.</summary>
    /// <exception cref="FormatException">The JSON is not a state of this optimizer or does not fit its box.</exception>
    void LoadState(string json);
}

namespace GPTailor;

/// <summary>
/// Optional read-only status an <see cref="IZeroOrderOptimizer"/> may also implement, for logs, run fingerprints and
/// reports. Nothing decides completion from it: an optimizer has finished when <see cref="IZeroOrderOptimizer.Ask"/>
/// returns an empty list.
/// </summary>
public interface IOptimizerStatus
{
    /// <summary>A short name such as <c>cmaes</c>, <c>random</c> or <c>spsa</c>.</summary>
    string Name { get; }

    /// <summary>Number of observations told so far.</summary>
    long Evaluations { get; }

    /// <summary>The best observation told so far (a point that was asked and told), or null before the first one.</summary>
    Observation? Best { get; }

    /// <summary>Why the optimizer stopped (an algorithm-specific reason such as <c>TargetReached</c>), or null while it goes on.</summary>
    string? StopReason { get; }
}

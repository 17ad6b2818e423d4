namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="RandomSearch"/>.</summary>
internal sealed class RandomSearchState() : OptimizerState<ObservationState>(StateType)
{
    public const string StateType = "random";

    public int NextDesignIndex { get; set; }

    /// <summary>Why the optimizer stopped, or null.</summary>
    public string? StopReason { get; set; }
}

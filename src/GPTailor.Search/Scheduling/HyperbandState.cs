namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="HyperbandScheduler"/>.</summary>
internal sealed class HyperbandState
{
    public const string KindName = "hyperband";

    public string Kind { get; set; } = KindName;

    public string OptimizerState { get; set; } = "";

    public long NextRequestId { get; set; }

    public int BracketsStarted { get; set; }

    public int BracketsCompleted { get; set; }

    public bool Complete { get; set; }

    /// <summary>Candidates asked from the optimizer and not yet placed in a bracket.</summary>
    public List<ObservationState> Buffer { get; set; } = [];

    public BracketState? Current { get; set; }

    public OutcomeState? Incumbent { get; set; }
}

using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="HyperbandScheduler"/>.</summary>
internal sealed class HyperbandState
{
    public const string StateType = "hyperband";

    public string Type { get; set; } = StateType;

    /// <summary>The optimizer's state, nested.</summary>
    public JsonNode? Optimizer { get; set; }

    public long NextRequestId { get; set; }

    public int BracketsStarted { get; set; }

    public int BracketsCompleted { get; set; }

    public bool Complete { get; set; }

    /// <summary>Points asked from the optimizer and not yet placed in a bracket.</summary>
    public List<ObservationState> Buffer { get; set; } = [];

    public BracketState? Current { get; set; }

    public OutcomeState? Incumbent { get; set; }
}

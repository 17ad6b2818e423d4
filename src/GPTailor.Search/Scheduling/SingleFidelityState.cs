using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="SingleFidelityScheduler"/>.</summary>
internal sealed class SingleFidelityState
{
    public const string StateType = "single-fidelity";

    public string Type { get; set; } = StateType;

    public int Budget { get; set; }

    /// <summary>The optimizer's state, nested.</summary>
    public JsonNode? Optimizer { get; set; }

    public long NextRequestId { get; set; }

    public List<RequestState> Pending { get; set; } = [];

    public OutcomeState? Incumbent { get; set; }
}

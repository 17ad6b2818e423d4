using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="RandomSearch"/>.</summary>
internal sealed class RandomSearchState
{
    public const string StateType = "random";

    public string Type { get; set; } = StateType;

    public int Dimension { get; set; }

    /// <summary>The generator state (<see cref="SearchRandom.SaveState"/>).</summary>
    public JsonNode? Random { get; set; }

    public long Evaluations { get; set; }

    public long NextId { get; set; }

    public int NextDesignIndex { get; set; }

    public ObservationState? Best { get; set; }

    /// <summary>Why the optimizer stopped, or null.</summary>
    public string? StopReason { get; set; }

    public List<ObservationState> Pending { get; set; } = [];
}

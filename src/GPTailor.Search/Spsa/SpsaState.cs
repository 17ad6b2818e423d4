using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="Spsa"/>.</summary>
internal sealed class SpsaState
{
    public const string StateType = "spsa";

    public string Type { get; set; } = StateType;

    public int Dimension { get; set; }

    /// <summary>The generator state (<see cref="SearchRandom.SaveState"/>).</summary>
    public JsonNode? Random { get; set; }

    public long Evaluations { get; set; }

    public long NextId { get; set; }

    /// <summary>Current iterate θ in unit-cube coordinates.</summary>
    public double[] Theta { get; set; } = [];

    public int Iteration { get; set; }

    public ObservationState? Best { get; set; }

    /// <summary>Why the optimizer stopped, or null.</summary>
    public string? StopReason { get; set; }

    /// <summary>The ±1 perturbation of each pair of the current step.</summary>
    public List<double[]> Deltas { get; set; } = [];

    /// <summary>The current step's points: pair j has the plus point at 2j and the minus point at 2j + 1.</summary>
    public List<ObservationState> Pending { get; set; } = [];
}


namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="Spsa"/>.</summary>
internal sealed class SpsaState
{
    public const string KindName = "spsa";

    public string Kind { get; set; } = KindName;

    public int Dimension { get; set; }

    public RandomState Random { get; set; } = new();

    public long Evaluations { get; set; }

    public long NextId { get; set; }

    /// <summary>Current iterate θ in unit-cube coordinates.</summary>
    public double[] Theta { get; set; } = [];

    public int Iteration { get; set; }

    public ObservationState? Best { get; set; }

    public OptimizerStopReason StopReason { get; set; }

    /// <summary>The ±1 perturbation of each pair of the current step.</summary>
    public List<double[]> Deltas { get; set; } = [];

    /// <summary>The current step's candidates: pair j has the plus point at 2j and the minus point at 2j + 1.</summary>
    public List<ObservationState> Pending { get; set; } = [];
}

namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="Spsa"/>.</summary>
internal sealed class SpsaState() : OptimizerState<ObservationState>(StateType)
{
    public const string StateType = "spsa";

    /// <summary>Current iterate θ in unit-cube coordinates.</summary>
    public double[] Theta { get; set; } = [];

    public int Iteration { get; set; }

    /// <summary>Why the optimizer stopped, or null.</summary>
    public string? StopReason { get; set; }

    /// <summary>The ±1 perturbation of each pair of the current step.</summary>
    public List<double[]> Deltas { get; set; } = [];
}

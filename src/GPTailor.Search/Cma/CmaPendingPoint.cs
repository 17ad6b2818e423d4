namespace GPTailor.Search;

/// <summary>A point of the current CMA-ES generation.</summary>
internal sealed class CmaPendingPoint
{
    public long Id { get; set; }

    /// <summary>The point handed out for evaluation (in the box, whole on discrete coordinates).</summary>
    public double[] Point { get; set; } = [];

    /// <summary>The step y = (x − m)/σ the distribution update uses.</summary>
    public double[] Step { get; set; } = [];

    public double? Value { get; set; }

    /// <summary>The raw per-objective costs of the point's latest observed result (<see cref="ITrialResultObserver"/>), or null.</summary>
    public double[]? Costs { get; set; }
}

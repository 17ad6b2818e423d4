namespace GPTailor.Search;

/// <summary>The whole serialisable state of an <see cref="Evolution"/> optimizer.</summary>
internal sealed class EvolutionState() : OptimizerState<ObservationState>(StateType)
{
    public const string StateType = "evolution";

    public int NextDesignIndex { get; set; }

    /// <summary>Offspring proposed so far (mutated parents).</summary>
    public long Offspring { get; set; }

    /// <summary>Why the optimizer stopped, or null.</summary>
    public string? StopReason { get; set; }

    /// <summary>The population: one record per told point.</summary>
    public List<EvolutionRecord> Population { get; set; } = [];

    /// <summary>Raw results observed before their point was told (Hyperband reports each stage first), by point id.</summary>
    public List<EvolutionRecord> Observed { get; set; } = [];
}

/// <summary>One point of the <see cref="Evolution"/> population and its best-known result.</summary>
internal sealed class EvolutionRecord
{
    public long PointId { get; set; }

    public double[] Point { get; set; } = [];

    /// <summary>The highest budget the point was evaluated at (0 for a value told without an observed result).</summary>
    public int Budget { get; set; }

    /// <summary>The cost at that budget: the mean of the observed costs, or the told value.</summary>
    public double Cost { get; set; }
}

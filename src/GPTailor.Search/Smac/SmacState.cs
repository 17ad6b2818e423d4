namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="Smac"/> optimizer.</summary>
internal sealed class SmacState() : OptimizerState<ObservationState>(StateType)
{
    public const string StateType = "smac";

    public int NextDesignIndex { get; set; }

    /// <summary>True once raw trial results have been observed: the history then holds those only.</summary>
    public bool Observed { get; set; }

    /// <summary>Surrogate fits so far.</summary>
    public long ModelFits { get; set; }

    /// <summary>Why the optimizer stopped, or null.</summary>
    public string? StopReason { get; set; }

    /// <summary>Every result the surrogate may be fitted on.</summary>
    public List<SmacRecord> History { get; set; } = [];
}

/// <summary>One result in the <see cref="Smac"/> history.</summary>
internal sealed class SmacRecord
{
    public long PointId { get; set; }

    public double[] Point { get; set; } = [];

    /// <summary>The budget (0 for a value told without an observed result).</summary>
    public int Budget { get; set; }

    /// <summary>Per-objective costs (one entry, the told value, for a told result).</summary>
    public double[] Costs { get; set; } = [];

    /// <summary>The value scalarised when the trial finished (or the told value).</summary>
    public double Value { get; set; }
}

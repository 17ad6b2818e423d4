namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="CmaEs"/>.</summary>
internal sealed class CmaEsState() : OptimizerState<CmaPendingPoint>(StateType)
{
    public const string StateType = "cmaes";

    public CmaEsStopReason StopReason { get; set; }

    public CmaEsRun Run { get; set; } = new();

    public int RestartCount { get; set; }

    /// <summary>Generations ranked on ParEGO values re-scalarised with one θ (<see cref="CmaEsOptions.ParEgo"/>).</summary>
    public long ReScalarisedGenerations { get; set; }

    public int DefaultPopulation { get; set; }

    public int LargePopulation { get; set; }

    public long LargeEvaluations { get; set; }

    public long SmallEvaluations { get; set; }

    public long LastLargeRunEvaluations { get; set; }

    public double RunBestValue { get; set; } = double.PositiveInfinity;

    public List<CmaEsRunSummary> Runs { get; set; } = [];
}

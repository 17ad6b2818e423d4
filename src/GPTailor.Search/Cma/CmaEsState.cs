using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="CmaEs"/>.</summary>
internal sealed class CmaEsState
{
    public const string StateType = "cmaes";

    public string Type { get; set; } = StateType;

    public int Dimension { get; set; }

    /// <summary>The generator state (<see cref="SearchRandom.SaveState"/>).</summary>
    public JsonNode? Random { get; set; }

    public long Evaluations { get; set; }

    public long NextId { get; set; }

    public ObservationState? Best { get; set; }

    public CmaEsStopReason StopReason { get; set; }

    public CmaEsRun Run { get; set; } = new();

    /// <summary>The current generation: evaluated point, step y and (once told) value of each point.</summary>
    public List<CmaPendingPoint> Pending { get; set; } = [];

    public int RestartCount { get; set; }

    public int DefaultPopulation { get; set; }

    public int LargePopulation { get; set; }

    public long LargeEvaluations { get; set; }

    public long SmallEvaluations { get; set; }

    public long LastLargeRunEvaluations { get; set; }

    public double RunBestValue { get; set; } = double.PositiveInfinity;

    public List<CmaEsRunSummary> Runs { get; set; } = [];
}

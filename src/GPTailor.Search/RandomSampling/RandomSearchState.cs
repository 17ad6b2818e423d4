
namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="RandomSearch"/>.</summary>
internal sealed class RandomSearchState
{
    public const string KindName = "random";

    public string Kind { get; set; } = KindName;

    public int Dimension { get; set; }

    public RandomState Random { get; set; } = new();

    public long Evaluations { get; set; }

    public long NextId { get; set; }

    public int NextDesignIndex { get; set; }

    public ObservationState? Best { get; set; }

    public OptimizerStopReason StopReason { get; set; }

    public List<ObservationState> Pending { get; set; } = [];
}

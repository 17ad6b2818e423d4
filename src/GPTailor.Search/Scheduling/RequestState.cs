
namespace GPTailor.Search;

/// <summary>A serialisable trial request, optionally with its reported outcome.</summary>
internal sealed class RequestState
{
    public long Id { get; set; }

    /// <summary>Index of the configuration within its bracket (Hyperband) or -1.</summary>
    public int ConfigIndex { get; set; } = -1;

    public long PointId { get; set; }

    public double[] Point { get; set; } = [];

    public int Budget { get; set; }

    public OutcomeState? Outcome { get; set; }

    public TrialRequest ToRequest() => new(Id, new SearchPoint(PointId, Point.ToArray()), Budget);
}

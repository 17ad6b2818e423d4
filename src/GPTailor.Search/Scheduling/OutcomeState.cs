
namespace GPTailor.Search;

/// <summary>A serialisable trial outcome.</summary>
internal sealed class OutcomeState
{
    public long RequestId { get; set; }

    public long PointId { get; set; }

    public double[] Point { get; set; } = [];

    public int Budget { get; set; }

    public double Value { get; set; }

    public double[] Costs { get; set; } = [];

    /// <summary>True when no array is missing (after loading).</summary>
    public static bool IsWellFormed(OutcomeState? outcome) => outcome is null || (outcome.Point is not null && outcome.Costs is not null);

    public static OutcomeState From(TrialOutcome outcome) => new()
    {
        RequestId = outcome.Request.Id,
        PointId = outcome.Request.Point.Id,
        Point = outcome.Request.Point.Coordinates.ToArray(),
        Budget = outcome.Request.Budget,
        Value = outcome.Value,
        Costs = outcome.Costs?.ToArray() ?? [],
    };

    public TrialOutcome ToOutcome() => new(new TrialRequest(RequestId, new SearchPoint(PointId, Point.ToArray()), Budget), Value, Costs.ToArray());
}

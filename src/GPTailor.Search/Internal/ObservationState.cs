
namespace GPTailor.Search;

/// <summary>A serialisable search point, optionally with its told value.</summary>
internal sealed class ObservationState
{
    public long Id { get; set; }

    public double[] Point { get; set; } = [];

    public double? Value { get; set; }

    public static ObservationState From(Observation observation) =>
        new() { Id = observation.Point.Id, Point = observation.Point.Coordinates.ToArray(), Value = observation.Value };

    public SearchPoint ToPoint() => new(Id, Point);

    public Observation ToObservation() => new(ToPoint(), Value ?? double.NaN);
}

using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// What every optimizer state holds: its <c>"type"</c> tag, the box dimension, the generator, the counters, the best
/// observation and the points of the current batch (<typeparamref name="TPending"/>).
/// </summary>
/// <typeparam name="TPending">The serialisable form of one outstanding point.</typeparam>
internal abstract class OptimizerState<TPending>
{
    /// <summary>Creates a state tagged <paramref name="type"/>.</summary>
    protected OptimizerState(string type) => Type = type;

    public string Type { get; set; }

    public int Dimension { get; set; }

    /// <summary>The generator state (<see cref="SearchRandom.SaveState"/>).</summary>
    public JsonNode? Random { get; set; }

    public long Evaluations { get; set; }

    public long NextId { get; set; }

    public ObservationState? Best { get; set; }

    /// <summary>The points of the current batch.</summary>
    public List<TPending> Pending { get; set; } = [];

    /// <summary>
    /// True when the state is for a box of <paramref name="dimension"/> coordinates: the dimension matches, the pending
    /// list exists and the best observation, if any, has that many coordinates.
    /// </summary>
    public bool Fits(int dimension) =>
        Dimension == dimension && Pending is not null && (Best is null || (Best.Point is not null && Best.Point.Length == dimension));

    /// <summary>Stores <paramref name="random"/> in the state and returns the state as JSON.</summary>
    public JsonNode Save(SearchRandom random)
    {
        Random = random.SaveState();
        return StateJson.Serialize(this, GetType());
    }

    /// <summary>Recreates the generator stored in a loaded state.</summary>
    /// <param name="owner">The optimizer's name in the error message.</param>
    /// <exception cref="FormatException">The field is missing or not a generator state.</exception>
    public SearchRandom LoadRandom(string owner) =>
        SearchRandom.FromState(Random ?? throw new FormatException($"The {owner} state lacks the field \"random\"."));
}

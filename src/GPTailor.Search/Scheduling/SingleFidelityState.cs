namespace GPTailor.Search;

/// <summary>The whole serialisable state of a <see cref="SingleFidelityScheduler"/>.</summary>
internal sealed class SingleFidelityState
{
    public const string KindName = "single-fidelity";

    public string Kind { get; set; } = KindName;

    public int Budget { get; set; }

    public string OptimizerState { get; set; } = "";

    public long NextRequestId { get; set; }

    public List<RequestState> Pending { get; set; } = [];

    public OutcomeState? Incumbent { get; set; }
}

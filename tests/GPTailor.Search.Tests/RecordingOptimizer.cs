
namespace GPTailor.Search.Tests;

/// <summary>Wraps an optimizer and records every observation told to it.</summary>
internal sealed class RecordingOptimizer(IZeroOrderOptimizer inner) : IZeroOrderOptimizer
{
    public List<Observation> Told { get; } = [];

    public string Name => inner.Name;

    public SearchBox Box => inner.Box;

    public long Evaluations => inner.Evaluations;

    public Observation? Best => inner.Best;

    public OptimizerStopReason StopReason => inner.StopReason;

    public IReadOnlyList<Candidate> Ask() => inner.Ask();

    public void Tell(IReadOnlyList<Observation> observations)
    {
        inner.Tell(observations);
        Told.AddRange(observations);
    }

    public string SaveState() => inner.SaveState();

    public void LoadState(string json) => inner.LoadState(json);
}

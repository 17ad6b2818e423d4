using System.Text.Json.Nodes;

namespace GPTailor.Search.Tests;

/// <summary>Wraps an optimizer and records every observation told to it.</summary>
internal sealed class RecordingOptimizer(IZeroOrderOptimizer inner) : IZeroOrderOptimizer, IOptimizerStatus
{
    public List<Observation> Told { get; } = [];

    public string Name => ((IOptimizerStatus)inner).Name;

    public long Evaluations => ((IOptimizerStatus)inner).Evaluations;

    public Observation? Best => ((IOptimizerStatus)inner).Best;

    public string? StopReason => ((IOptimizerStatus)inner).StopReason;

    public IReadOnlyList<SearchPoint> Ask() => inner.Ask();

    public void Tell(IReadOnlyList<Observation> observations)
    {
        inner.Tell(observations);
        Told.AddRange(observations);
    }

    public JsonNode SaveState() => inner.SaveState();

    public void LoadState(JsonNode state) => inner.LoadState(state);
}

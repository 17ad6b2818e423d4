using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

/// <summary>The samples' (1+1)-ES (samples/GPTailor.CustomPlugins/OnePlusOneOptimizer.cs), written against GPTailor.Core only.</summary>
internal sealed class OnePlusOne(SearchBox box, IReadOnlyList<double> start, int seed) : IZeroOrderOptimizer
{
    private SearchRandom _random = new((ulong)seed);
    private State _s = new(box.Repair(start), double.MaxValue, 0.2, null, 0);

    public IReadOnlyList<SearchPoint> Ask()
    {
        if (_s.Sigma < 1e-6)
        {
            return [];
        }

        _s = _s with { Child = _s.Child ?? box.Repair(_s.Parent.Select((x, i) => x + (_s.Sigma * (box.Upper[i] - box.Lower[i]) * _random.NextGaussian())).ToArray()) };
        return [new SearchPoint(_s.Id, _s.Child)];
    }

    public void Tell(IReadOnlyList<Observation> observations)
    {
        var o = observations.SingleOrDefault(o => o.Point.Id == _s.Id && _s.Child is not null) ?? throw new ArgumentException("Tell the asked point.");
        var value = double.IsFinite(o.Value) ? o.Value : double.MaxValue;
        var better = value <= _s.ParentValue;
        _s = new(better ? _s.Child! : _s.Parent, better ? value : _s.ParentValue, _s.Sigma * Math.Exp(better ? 0.8 : -0.2), null, _s.Id + 1);
    }

    public JsonNode SaveState() => new JsonObject { ["type"] = "one-plus-one", ["random"] = _random.SaveState(), ["search"] = JsonSerializer.SerializeToNode(_s) };

    public void LoadState(JsonNode state)
    {
        var s = state is JsonObject o && (string?)o["type"] == "one-plus-one" && o["random"] is not null ? o["search"]?.Deserialize<State>() : null;
        (_random, _s) = s?.Parent?.Length == box.Dimension ? (SearchRandom.FromState(state["random"]!), s) : throw new FormatException("Not a one-plus-one state for this box.");
    }

    private sealed record State(double[] Parent, double ParentValue, double Sigma, double[]? Child, long Id);
}

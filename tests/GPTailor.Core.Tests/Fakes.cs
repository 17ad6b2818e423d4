using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

/// <summary>A small generation-based optimizer for driver tests: samples around the best point told so far.</summary>
internal sealed class HillClimber(SearchBox box, ulong seed, int population = 4) : IZeroOrderOptimizer, IOptimizerStatus
{
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private ulong _state = seed;
    private long _nextId;
    private List<SearchPoint> _outstanding = [];
    private double[]? _center;

    public string Name => "hill";

    public long Evaluations { get; private set; }

    public Observation? Best { get; private set; }

    public string? StopReason => null;

    public IReadOnlyList<SearchPoint> Ask()
    {
        if (_outstanding.Count > 0)
        {
            return _outstanding;
        }

        for (var i = 0; i < population; i++)
        {
            var x = new double[box.Dimension];
            for (var d = 0; d < x.Length; d++)
            {
                var u = Next();
                x[d] = _center is null ? box.Lower[d] + (u * (box.Upper[d] - box.Lower[d])) : _center[d] + ((u - 0.5) * 0.4 * (box.Upper[d] - box.Lower[d]));
            }

            _outstanding.Add(new SearchPoint(_nextId++, box.Repair(x)));
        }

        return _outstanding;
    }

    public void Tell(IReadOnlyList<Observation> observations)
    {
        if (observations.Count != _outstanding.Count || observations.Any(o => _outstanding.All(c => c.Id != o.Point.Id)))
        {
            throw new ArgumentException("Tell the whole generation.");
        }

        foreach (var o in observations)
        {
            Evaluations++;
            if (Best is null || o.Value < Best.Value)
            {
                Best = o;
                _center = o.Point.Coordinates.ToArray();
            }
        }

        _outstanding = [];
    }

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(
        new State(_state, _nextId, _outstanding.Select(c => new Cand(c.Id, c.Coordinates.ToArray())).ToArray(), _center, Evaluations, Best is null ? null : new Cand(Best.Point.Id, Best.Point.Coordinates.ToArray()), Best?.Value ?? 0),
        JsonOptions)!;

    public void LoadState(JsonNode state)
    {
        var s = state.Deserialize<State>(JsonOptions)!;
        _state = s.Rng;
        _nextId = s.NextId;
        _outstanding = s.Outstanding.Select(c => new SearchPoint(c.Id, c.X)).ToList();
        _center = s.Center;
        Evaluations = s.Evaluations;
        Best = s.Best is null ? null : new Observation(new SearchPoint(s.Best.Id, s.Best.X), s.BestValue);
    }

    private double Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return ((z ^ (z >> 31)) >> 11) * (1.0 / (1UL << 53));
    }

    private sealed record Cand(long Id, double[] X);

    private sealed record State(ulong Rng, long NextId, Cand[] Outstanding, double[]? Center, long Evaluations, Cand? Best, double BestValue);
}

/// <summary>Everything at one budget.</summary>
internal sealed class OneBudgetScheduler(IZeroOrderOptimizer optimizer, int budget) : ITrialScheduler
{
    private long _nextRequest;
    private List<TrialRequest> _pending = [];

    public IZeroOrderOptimizer Optimizer => optimizer;

    public bool IsComplete => false;

    public IReadOnlyList<TrialRequest> Next()
    {
        if (_pending.Count == 0)
        {
            _pending = optimizer.Ask().Select(c => new TrialRequest(_nextRequest++, c, budget)).ToList();
        }

        return _pending;
    }

    public void Report(IReadOnlyList<TrialOutcome> outcomes)
    {
        optimizer.Tell(outcomes.Select(o => new Observation(o.Request.Point, o.Value)).ToArray());
        _pending = [];
    }

    public JsonNode SaveState() => new JsonObject { ["type"] = "one-budget", ["next"] = _nextRequest, ["optimizer"] = optimizer.SaveState() };

    public void LoadState(JsonNode state)
    {
        _nextRequest = state["next"]!.GetValue<long>();
        optimizer.LoadState(state["optimizer"]!);
        _pending = [];
    }
}

/// <summary>Scores a plan analytically: task "keep" likes layers 0..2 kept, task "mix" likes candidate 1 on kept layers.</summary>
internal sealed class AnalyticEvaluator : IFitnessEvaluator
{
    public int Calls;

    public Func<int, bool>? FailWhen { get; set; }

    public Func<int, bool>? CancelWhen { get; set; }

    public CancellationTokenSource? Crash { get; set; }

    /// <summary>Calls (1-based) whose first score is this value instead (e.g. NaN).</summary>
    public Func<int, double?>? OverrideWhen { get; set; }

    /// <summary>Awaited at the start of every call (to hold a search in flight).</summary>
    public Func<int, Task>? Gate { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<string> TaskNames => ["keep", "mix"];

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;

    public async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref Calls);
        if (Gate is not null)
        {
            await Gate(call).ConfigureAwait(false);
        }

        if (CancelWhen?.Invoke(call) == true)
        {
            Crash?.Cancel();
            throw new OperationCanceledException("simulated crash", Crash?.Token ?? default);
        }

        if (FailWhen?.Invoke(call) == true)
        {
            throw new InvalidOperationException("simulated failure");
        }

        var keep = plan.Layers.Count(l => l.SourceLayer < 3) / 3.0;
        var mix = plan.Layers.Count(l => l.Merge.Members.Contains(1)) / (double)plan.Layers.Count;
        return new TaskScores([
            new TaskScore("keep", "acc", OverrideWhen?.Invoke(call) ?? keep, ObjectiveDirection.Maximize, budget.Documents),
            new TaskScore("mix", "acc", mix, ObjectiveDirection.Maximize, budget.Documents),
        ]);
    }
}

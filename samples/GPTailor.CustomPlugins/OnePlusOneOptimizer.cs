using System.Text.Json;

namespace GPTailor.Samples.CustomPlugins;

/// <summary>
/// A custom optimizer: the (1+1) evolution strategy with the 1/5 success rule. Plugged in with
/// <c>builder.AddOptimizer("one-plus-one", ...)</c>, then selected by name like the built-in ones.
/// </summary>
public sealed class OnePlusOneOptimizer(SearchBox box, IReadOnlyList<double> start, int seed) : IZeroOrderOptimizer
{
    private State _state = new() { Parent = box.Repair(start), Rng = (ulong)seed + 1, Sigma = 0.2 };

    public string Name => "one-plus-one";

    public SearchBox Box => box;

    public long Evaluations => _state.Evaluations;

    public Observation? Best => _state.BestValue is double v ? new Observation(new Candidate(-1, _state.Parent), v) : null;

    public OptimizerStopReason StopReason => _state.Sigma < 1e-6 ? OptimizerStopReason.StepSizeTooSmall : OptimizerStopReason.None;

    public IReadOnlyList<Candidate> Ask()
    {
        if (_state.Pending is null)
        {
            var child = _state.Parent.Select((x, i) => x + (_state.Sigma * (box.Upper[i] - box.Lower[i]) * Gaussian())).ToArray();
            _state.Pending = box.Repair(child);
        }

        return [new Candidate(_state.Evaluations, _state.Pending)];
    }

    public void Tell(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var o = observations.Single();
        _state.Evaluations++;
        var improved = _state.BestValue is not double best || o.Value <= best;
        if (improved)
        {
            _state.Parent = o.Candidate.Point.ToArray();
            _state.BestValue = o.Value;
        }

        _state.Sigma *= improved ? Math.Exp(0.8) : Math.Exp(-0.2); // success rate 1/5 keeps σ constant
        _state.Pending = null;
    }

    public string SaveState() => JsonSerializer.Serialize(_state);

    public void LoadState(string json) => _state = JsonSerializer.Deserialize<State>(json) ?? throw new FormatException("Empty state.");

    private double Gaussian()
    {
        double Uniform()
        {
            var z = _state.Rng += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (((z ^ (z >> 31)) >> 11) + 0.5) * (1.0 / (1UL << 53));
        }

        return Math.Sqrt(-2 * Math.Log(Uniform())) * Math.Cos(2 * Math.PI * Uniform());
    }

    private sealed class State
    {
        public double[] Parent { get; set; } = [];

        public double[]? Pending { get; set; }

        public double? BestValue { get; set; }

        public double Sigma { get; set; }

        public ulong Rng { get; set; }

        public long Evaluations { get; set; }
    }
}

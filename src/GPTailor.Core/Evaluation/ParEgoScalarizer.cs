using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// ParEGO's augmented Chebyshev scalarisation as SMAC 2.2 applies it (paper-digest §3.1): at each iteration draw
/// θ ~ U(0,1)^m and normalise θ ← θ / (Σθ + 1e-10); min-max normalise every objective over the history of observed
/// costs (1.0 where the range is below 1e-10); scalar = max_i θ_i·f̂_i + ρ·Σ_i θ_i·f̂_i with ρ = 0.05.
/// Its state (θ, generator, history bounds) is saved and restored for resumable searches.
/// </summary>
public sealed class ParEgoScalarizer : IScalarizer
{
    private const string StateType = "parego";
    private readonly int _objectives;
    private readonly double _rho;
    private readonly SplitMix64 _random;
    private double[] _theta;
    private double[] _min;
    private double[] _max;
    private long _observed;

    /// <summary>Creates the scalarizer for <paramref name="objectives"/> objectives.</summary>
    public ParEgoScalarizer(int objectives, ulong seed = 0, double rho = 0.05)
    {
        if (objectives < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(objectives), objectives, "At least one objective is needed.");
        }

        if (!double.IsFinite(rho) || rho < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be finite and non-negative.");
        }

        _objectives = objectives;
        _rho = rho;
        _random = new SplitMix64(seed);
        _theta = Enumerable.Repeat(1.0 / objectives, objectives).ToArray();
        _min = Enumerable.Repeat(double.PositiveInfinity, objectives).ToArray();
        _max = Enumerable.Repeat(double.NegativeInfinity, objectives).ToArray();
    }

    /// <summary>The current weights θ.</summary>
    public IReadOnlyList<double> Theta => _theta;

    /// <inheritdoc />
    public void BeginIteration() => _theta = DrawTheta(_objectives, _random.NextDouble);

    /// <summary>
    /// Draws ParEGO weights: θ_i ~ U(0,1) from <paramref name="uniform"/> (called <paramref name="objectives"/> times),
    /// then θ ← θ / (Σθ + 1e-10), as SMAC does.
    /// </summary>
    public static double[] DrawTheta(int objectives, Func<double> uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        var theta = new double[objectives];
        for (var i = 0; i < objectives; i++)
        {
            theta[i] = uniform();
        }

        var sum = theta.Sum() + 1e-10;
        return theta.Select(t => t / sum).ToArray();
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyList<double> costs)
    {
        CheckCount(costs);
        for (var i = 0; i < _objectives; i++)
        {
            if (double.IsFinite(costs[i]))
            {
                _min[i] = Math.Min(_min[i], costs[i]);
                _max[i] = Math.Max(_max[i], costs[i]);
            }
        }

        _observed++;
    }

    /// <inheritdoc />
    public double Scalarize(IReadOnlyList<double> costs)
    {
        CheckCount(costs);
        return Chebyshev(costs, _theta, _min, _max, _rho);
    }

    /// <summary>
    /// The augmented Chebyshev value max_i θ_i·f̂_i + ρ·Σ_i θ_i·f̂_i with f̂_i = (c_i − min_i)/(max_i − min_i), or 1.0
    /// where the range is below 1e-10 (or unknown); +∞ when a cost is not finite. The one place of ParEGO's formula:
    /// optimizers that re-scalarise their history (<see cref="ITrialResultObserver"/>) call it with their own θ and bounds.
    /// </summary>
    public static double Chebyshev(IReadOnlyList<double> costs, IReadOnlyList<double> theta, IReadOnlyList<double> min, IReadOnlyList<double> max, double rho)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(max);
        var largest = double.NegativeInfinity;
        var sum = 0.0;
        for (var i = 0; i < costs.Count; i++)
        {
            if (!double.IsFinite(costs[i]))
            {
                return double.PositiveInfinity;
            }

            var range = max[i] - min[i];
            var normalized = !(range >= 1e-10) ? 1.0 : (costs[i] - min[i]) / range;
            var weighted = theta[i] * normalized;
            largest = Math.Max(largest, weighted);
            sum += weighted;
        }

        return largest + (rho * sum);
    }

    /// <summary>
    /// The state <c>{"type":"parego","random":…,"theta":[…],"min":[…],"max":[…],"observed":…}</c>: θ, the generator and
    /// the history bounds (non-finite bounds as the strings <c>Infinity</c> / <c>-Infinity</c>).
    /// </summary>
    public JsonNode SaveState()
    {
        var state = StateNodes.Create(StateType);
        state["random"] = _random.State;
        state["theta"] = StateNodes.Numbers(_theta);
        state["min"] = StateNodes.Numbers(_min);
        state["max"] = StateNodes.Numbers(_max);
        state["observed"] = _observed;
        return state;
    }

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a ParEGO state for this number of objectives.</exception>
    public void LoadState(JsonNode state)
    {
        const string what = "ParEGO scalarizer state";
        var o = StateNodes.Open(state, StateType, what);
        var theta = StateNodes.Doubles(o, "theta", what);
        var min = StateNodes.Doubles(o, "min", what);
        var max = StateNodes.Doubles(o, "max", what);
        if (theta.Length != _objectives || min.Length != _objectives || max.Length != _objectives)
        {
            throw new FormatException($"The {what} is for {theta.Length} objectives, not {_objectives}.");
        }

        var observed = StateNodes.Value<long>(o, "observed", what);
        var random = StateNodes.Value<ulong>(o, "random", what);
        _observed = observed;
        _random.State = random;
        _theta = theta;
        _min = _observed == 0 ? min.Select(_ => double.PositiveInfinity).ToArray() : min;
        _max = _observed == 0 ? max.Select(_ => double.NegativeInfinity).ToArray() : max;
    }

    private void CheckCount(IReadOnlyList<double> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Count != _objectives)
        {
            throw new ArgumentException($"Expected {_objectives} costs, got {costs.Count}.", nameof(costs));
        }
    }
}

using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>Scalar cost = Σ_i w_i · cost_i (costs are already "lower is better").</summary>
public sealed class WeightedSumScalarizer : IScalarizer
{
    private const string StateType = "weighted-sum";
    private readonly double[] _weights;

    /// <summary>Creates the scalarizer with one weight per objective.</summary>
    /// <exception cref="ArgumentException">No weights, or a weight is negative or not finite.</exception>
    public WeightedSumScalarizer(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0 || weights.Any(w => !double.IsFinite(w) || w < 0))
        {
            throw new ArgumentException("Weights must be finite and non-negative, at least one.", nameof(weights));
        }

        _weights = weights.ToArray();
    }

    /// <summary>The weights.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc />
    public void BeginIteration()
    {
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyList<double> costs)
    {
    }

    /// <summary>The state <c>{"type":"weighted-sum","objectives":m}</c> (the scalarizer keeps no history).</summary>
    public JsonNode SaveState()
    {
        var state = StateNodes.Create(StateType);
        state["objectives"] = _weights.Length;
        return state;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        const string what = "weighted-sum scalarizer state";
        var objectives = StateNodes.Value<int>(StateNodes.Open(state, StateType, what), "objectives", what);
        if (objectives != _weights.Length)
        {
            throw new FormatException($"The {what} is for {objectives} objectives, not {_weights.Length}.");
        }
    }

    /// <inheritdoc />
    public double Scalarize(IReadOnlyList<double> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Count != _weights.Length)
        {
            throw new ArgumentException($"Expected {_weights.Length} costs, got {costs.Count}.", nameof(costs));
        }

        return Sum(_weights, costs);
    }

    /// <summary>Σ_i weights_i · costs_i, summed in objective order (lower is better).</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static double Sum(IReadOnlyList<double> weights, IReadOnlyList<double> costs)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(costs);
        if (weights.Count != costs.Count)
        {
            throw new ArgumentException($"{weights.Count} weights for {costs.Count} costs.", nameof(costs));
        }

        var sum = 0.0;
        for (var i = 0; i < costs.Count; i++)
        {
            sum += weights[i] * costs[i];
        }

        return sum;
    }
}

using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Turns a vector of task costs into one scalar to minimise. Stateful scalarizers (ParEGO) normalise over the history
/// of costs seen so far and redraw their weights at each <see cref="BeginIteration"/>.
/// </summary>
public interface IScalarizer
{
    /// <summary>Called once per optimizer iteration (generation), before its points are scalarised.</summary>
    void BeginIteration();

    /// <summary>Records a cost vector in the history used for normalisation.</summary>
    void Observe(IReadOnlyList<double> costs);

    /// <summary>The scalar cost of <paramref name="costs"/> given the history so far.</summary>
    double Scalarize(IReadOnlyList<double> costs);

    /// <summary>The state (weights, generator, history) for resumable searches, as a JSON object with a <c>"type"</c> tag.</summary>
    JsonNode SaveState();

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a state of this scalarizer (type or number of objectives differ).</exception>
    void LoadState(JsonNode state);
}

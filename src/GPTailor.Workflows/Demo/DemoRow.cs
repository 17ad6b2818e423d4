namespace GPTailor.Workflows;

/// <summary>One row of the results table.</summary>
/// <param name="Method">Method name (<c>dense</c>, a fine-tune, a baseline or GPTailor).</param>
/// <param name="Layers">Decoder layers kept.</param>
/// <param name="Scores">Test accuracy per skill.</param>
/// <param name="Average">Mean accuracy over skills.</param>
/// <param name="Retained">Average as a percentage of the dense base's average.</param>
public sealed record DemoRow(string Method, int Layers, IReadOnlyDictionary<string, double> Scores, double Average, double Retained);

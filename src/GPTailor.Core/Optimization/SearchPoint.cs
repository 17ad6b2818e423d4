namespace GPTailor;

/// <summary>
/// One point proposed by <see cref="IZeroOrderOptimizer.Ask"/>. <see cref="Coordinates"/> is what is evaluated: it lies in
/// the box and is whole on integer/binary coordinates. The optimizer recognises the point again by <see cref="Id"/>.
/// (A <em>candidate</em>, in GPTailor, is a fine-tune of the model family, never a search point.)
/// </summary>
/// <param name="Id">A number unique within one optimizer run (it survives save/load).</param>
/// <param name="Coordinates">The coordinates to evaluate.</param>
public sealed record SearchPoint(long Id, IReadOnlyList<double> Coordinates);

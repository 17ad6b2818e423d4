using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// A derivative-free minimiser with an ask/tell interface. This is all a custom optimizer must implement; it may also
/// implement <see cref="IOptimizerStatus"/> to report its name, progress and why it stopped.
/// <para>
/// Implementations are seeded and deterministic: the same seed and told values give the same points. Draw random numbers
/// from a <see cref="SearchRandom"/> seeded with <see cref="OptimizerRequest.Seed"/> and save it in
/// <see cref="SaveState"/>: then a search saved and loaded into a fresh instance continues exactly as if uninterrupted.
/// </para>
/// </summary>
public interface IZeroOrderOptimizer
{
    /// <summary>
    /// Proposes the next points: a whole generation for population-based methods, or one point. Calling Ask again
    /// before telling the outstanding points returns the outstanding points again (those not yet told). An empty list
    /// means the optimizer has finished, and it keeps returning an empty list from then on.
    /// </summary>
    IReadOnlyList<SearchPoint> Ask();

    /// <summary>
    /// Tells the values of asked points (any subset of the outstanding ones, in any order). Population-based optimizers
    /// update once every outstanding point of the generation has been told; telling a point that is not outstanding
    /// throws <see cref="ArgumentException"/>.
    /// </summary>
    void Tell(IReadOnlyList<Observation> observations);

    /// <summary>
    /// The complete state (outstanding points, random generator state, everything Ask and Tell depend on) as a JSON
    /// object carrying a <c>"type"</c> tag. Wrappers embed the state of what they wrap as a nested object.
    /// </summary>
    JsonNode SaveState();

    /// <summary>Restores a state written by <see cref="SaveState"/> of the same optimizer type and settings.</summary>
    /// <exception cref="FormatException">The JSON is not a state of this optimizer or does not fit its settings; the message names what is wrong.</exception>
    void LoadState(JsonNode state);
}

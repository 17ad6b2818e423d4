
namespace GPTailor.Search;

/// <summary>Comparison rules shared by the optimizers: non-finite values count as the worst possible.</summary>
internal static class ObjectiveOrder
{
    /// <summary>Maps NaN and +/-infinity to +infinity so that they rank last.</summary>
    public static double Rankable(double value) => double.IsFinite(value) ? value : double.PositiveInfinity;

    /// <summary>True when <paramref name="value"/> improves on <paramref name="best"/>.</summary>
    public static bool IsBetter(double value, ObservationState? best) =>
        best is null || Rankable(value) < Rankable(best.Value ?? double.PositiveInfinity);

    /// <summary>Updates the best-so-far record.</summary>
    public static ObservationState? UpdateBest(ObservationState? best, Observation observation) =>
        IsBetter(observation.Value, best) ? ObservationState.From(observation) : best;
}

namespace GPTailor.Search;

/// <summary>
/// The value a multi-fidelity scheduler tells its optimizer for a configuration that is final (eliminated or
/// finished): <c>(s_max − ℓ) + 1/2 + atan(v)/π</c>, where ℓ is the budget level of the configuration's last result
/// (0 = lowest budget, s_max = full budget) and v that result's value (NaN and ±∞ count as +∞). The atan term lies in
/// [0, 1], so values order configurations first by the level they reached (higher is better) and then by their value.
/// Only the order matters to rank-based optimizers such as CMA-ES.
/// </summary>
public static class SchedulerTellValue
{
    /// <summary>Encodes level and value as described on the type.</summary>
    public static double Encode(int maxLevel, int level, double value)
    {
        var v = double.IsNaN(value) ? double.PositiveInfinity : value;
        return maxLevel - level + 0.5 + Math.Atan(v) / Math.PI;
    }
}

namespace GPTailor.Search;

/// <summary>
/// Hyperband bracket arithmetic as in SMAC 2 (<c>Hyperband</c> / <c>SuccessiveHalving._compute_configs_and_budgets_for_stages</c>):
/// s_max = ⌊log_η(max/min)⌋; bracket i has m = s_max − i promotions, n₀ = ⌈η^m (s_max + 1)/(m + 1)⌉ initial
/// configurations, n_j = ⌊n₀ η^(−j)⌋ and budgets max·η^(−(m − j)) for j = 0 … m. A 1e-9 guard on the floors absorbs
/// rounding error of the powers.
/// </summary>
public static class HyperbandPlan
{
    /// <summary>s_max = ⌊log(max/min)/log η⌋.</summary>
    public static int MaxStages(double eta, double minBudget, double maxBudget) =>
        (int)Math.Floor(Math.Log(maxBudget / minBudget) / Math.Log(eta) + 1e-9);

    /// <summary>All brackets 0 … s_max.</summary>
    /// <exception cref="ArgumentException">η ≤ 1 or the budgets are not 0 &lt; min ≤ max.</exception>
    public static IReadOnlyList<HyperbandBracket> Brackets(double eta, double minBudget, double maxBudget)
    {
        if (!(eta > 1) || !(minBudget > 0) || !(maxBudget >= minBudget))
        {
            throw new ArgumentException($"Hyperband needs η > 1 and 0 < min ≤ max budget (got η = {eta}, min = {minBudget}, max = {maxBudget}).");
        }

        var sMax = MaxStages(eta, minBudget, maxBudget);
        var brackets = new List<HyperbandBracket>();
        for (var i = 0; i <= sMax; i++)
        {
            var m = sMax - i;
            var initial = Math.Ceiling(Math.Pow(eta, m) * (sMax + 1) / (m + 1) - 1e-9);
            var counts = new int[m + 1];
            var budgets = new double[m + 1];
            var levels = new int[m + 1];
            for (var j = 0; j <= m; j++)
            {
                counts[j] = Math.Max(1, (int)Math.Floor(initial * Math.Pow(eta, -j) + 1e-9));
                budgets[j] = maxBudget * Math.Pow(eta, -(m - j));
                levels[j] = sMax - (m - j);
            }

            brackets.Add(new HyperbandBracket(i, counts, budgets, levels));
        }

        return brackets;
    }

    /// <summary>New configurations one full round of brackets consumes (17 for η = 3, 100 → 1000).</summary>
    public static int NewConfigsPerRound(double eta, double minBudget, double maxBudget) =>
        Brackets(eta, minBudget, maxBudget).Sum(b => b.ConfigCounts[0]);
}

namespace GPTailor.Search;

/// <summary>
/// Settings of <see cref="HyperbandScheduler"/>. Budgets are documents per task; the reference uses η = 3 from 100 to
/// 1000, which gives the integer budgets 111, 333 and 1000.
/// </summary>
public sealed class HyperbandOptions
{
    /// <summary>Reduction factor η; default 3.</summary>
    public double Eta { get; set; } = 3;

    /// <summary>Smallest budget (documents); default 100.</summary>
    public double MinBudget { get; set; } = 100;

    /// <summary>Largest budget (documents); default 1000.</summary>
    public double MaxBudget { get; set; } = 1000;

    /// <summary>Hyperband (cycle through brackets, default) or successive halving (one bracket repeated).</summary>
    public HyperbandMode Mode { get; set; } = HyperbandMode.Hyperband;

    /// <summary>The bracket repeated in <see cref="HyperbandMode.SuccessiveHalving"/> mode; default 0 (the most aggressive).</summary>
    public int SuccessiveHalvingBracket { get; set; }

    /// <summary>Promotion rule; default <see cref="PromotionRule.Auto"/>.</summary>
    public PromotionRule Promotion { get; set; } = PromotionRule.Auto;

    /// <summary>
    /// What the optimizer is told for a final configuration; default <see cref="HyperbandTellMode.LastValue"/> (chosen on
    /// the search benchmark, docs/search-benchmark.md: level encoding ranks a later bracket's configurations, which
    /// start at the full budget, above better ones stopped early).
    /// </summary>
    public HyperbandTellMode Tell { get; set; } = HyperbandTellMode.LastValue;

    /// <summary>Brackets to run before the schedule completes; 0 (default) means until the optimizer stops.</summary>
    public int MaxBrackets { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(Eta > 1) || !double.IsFinite(Eta))
        {
            throw new ArgumentException($"HyperbandOptions.Eta must be a finite number above 1, not {Eta}.");
        }

        if (!(MinBudget >= 1) || !(MaxBudget >= MinBudget) || !double.IsFinite(MaxBudget) || MaxBudget > int.MaxValue)
        {
            throw new ArgumentException($"HyperbandOptions budgets must satisfy 1 ≤ MinBudget ({MinBudget}) ≤ MaxBudget ({MaxBudget}) ≤ int.MaxValue.");
        }

        if (!Enum.IsDefined(Tell))
        {
            throw new ArgumentException($"HyperbandOptions.Tell is not a {nameof(HyperbandTellMode)} ({Tell}).");
        }

        if (MaxBrackets < 0)
        {
            throw new ArgumentException("HyperbandOptions.MaxBrackets must not be negative.");
        }

        var sMax = HyperbandPlan.MaxStages(Eta, MinBudget, MaxBudget);
        if (SuccessiveHalvingBracket < 0 || SuccessiveHalvingBracket > sMax)
        {
            throw new ArgumentException($"HyperbandOptions.SuccessiveHalvingBracket must lie in [0, {sMax}], not {SuccessiveHalvingBracket}.");
        }
    }
}

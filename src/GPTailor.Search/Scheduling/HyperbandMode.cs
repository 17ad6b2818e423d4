namespace GPTailor.Search;

/// <summary>Which brackets a <see cref="HyperbandScheduler"/> runs.</summary>
public enum HyperbandMode
{
    /// <summary>Cycle through all brackets 0 … s_max (Li et al. 2018; SMAC's bracket arithmetic).</summary>
    Hyperband,

    /// <summary>Successive halving: repeat the single bracket <see cref="HyperbandOptions.SuccessiveHalvingBracket"/>.</summary>
    SuccessiveHalving,
}

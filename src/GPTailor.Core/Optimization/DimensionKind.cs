namespace GPTailor;

/// <summary>How an optimizer must treat one coordinate of a <see cref="SearchBox"/>.</summary>
public enum DimensionKind
{
    /// <summary>A real number anywhere in its bounds.</summary>
    Continuous,

    /// <summary>An integer in its bounds; evaluated points carry whole numbers.</summary>
    Integer,

    /// <summary>A flag: bounds are [0, 1] and evaluated points carry exactly 0 or 1.</summary>
    Binary,
}

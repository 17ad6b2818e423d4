namespace GPTailor.Search;

/// <summary>The complete, serialisable state of a <see cref="Xoshiro256Random"/>.</summary>
public sealed class RandomState
{
    /// <summary>The four 64-bit words of the xoshiro256** state.</summary>
    public ulong[] Words { get; set; } = new ulong[4];

    /// <summary>True when a second Box–Muller normal deviate is cached.</summary>
    public bool HasSpareNormal { get; set; }

    /// <summary>The cached normal deviate (meaningful only when <see cref="HasSpareNormal"/> is true).</summary>
    public double SpareNormal { get; set; }
}

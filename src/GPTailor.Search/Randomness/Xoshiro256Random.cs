namespace GPTailor.Search;

/// <summary>
/// A small, fast pseudo-random generator (xoshiro256**, Blackman &amp; Vigna) seeded through SplitMix64, with
/// Box–Muller normal deviates. Unlike <see cref="System.Random"/> its whole state can be saved and restored, so a
/// restored optimizer continues bit for bit.
/// </summary>
public sealed class Xoshiro256Random
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;
    private bool hasSpare;
    private double spare;

    /// <summary>Creates a generator from a seed (any value, including 0).</summary>
    public Xoshiro256Random(ulong seed)
    {
        var x = seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    /// <summary>Creates a generator from a saved state.</summary>
    /// <exception cref="FormatException">The state is malformed (wrong word count or all-zero words).</exception>
    public Xoshiro256Random(RandomState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Restore(state);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not positive.</exception>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var bound = (ulong)exclusiveMax;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold)
            {
                return (int)(r % bound);
            }
        }
    }

    /// <summary>A standard normal deviate (Box–Muller; the second deviate of each pair is cached).</summary>
    public double NextNormal()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spare;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= 0);

        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        spare = radius * Math.Sin(angle);
        hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Shuffles a list in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Copies the complete state.</summary>
    public RandomState Save() => new() { Words = [s0, s1, s2, s3], HasSpareNormal = hasSpare, SpareNormal = spare };

    /// <summary>Replaces the state with a saved one.</summary>
    /// <exception cref="FormatException">The state is malformed (wrong word count or all-zero words).</exception>
    public void Restore(RandomState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Words is null || state.Words.Length != 4 || state.Words.All(w => w == 0))
        {
            throw new FormatException("A random generator state needs four words, not all zero.");
        }

        (s0, s1, s2, s3) = (state.Words[0], state.Words[1], state.Words[2], state.Words[3]);
        hasSpare = state.HasSpareNormal;
        spare = state.SpareNormal;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

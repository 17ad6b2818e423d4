using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// The random generator for optimizers: xoshiro256** (Blackman &amp; Vigna) seeded through SplitMix64, with Box–Muller
/// normal deviates. Unlike <see cref="System.Random"/> its whole state can be saved and restored, so an optimizer that
/// draws all its random numbers from it resumes bit for bit.
/// <para>
/// Use it in a custom <see cref="IZeroOrderOptimizer"/> like this: create it from <see cref="OptimizerRequest.Seed"/>
/// (<c>new SearchRandom((ulong)request.Seed)</c>), put <see cref="SaveState"/> into the optimizer's
/// <see cref="IZeroOrderOptimizer.SaveState"/> object, and recreate it with <see cref="FromState"/> in
/// <see cref="IZeroOrderOptimizer.LoadState"/>. A search saved and loaded that way continues exactly as an
/// uninterrupted one with the same seed.
/// </para>
/// </summary>
public sealed class SearchRandom
{
    /// <summary>The <c>"type"</c> tag of <see cref="SaveState"/>.</summary>
    public const string StateType = "xoshiro256**";

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private bool _hasSpare;
    private double _spare;

    /// <summary>Creates a generator from a seed (any value, including 0).</summary>
    public SearchRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private SearchRandom(ulong s0, ulong s1, ulong s2, ulong s3, bool hasSpare, double spare) =>
        (_s0, _s1, _s2, _s3, _hasSpare, _spare) = (s0, s1, s2, s3, hasSpare, spare);

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
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

    /// <summary>A standard normal deviate (Box–Muller; the second deviate of each pair is cached and saved with the state).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
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
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
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

    /// <summary>
    /// The complete state: <c>{"type":"xoshiro256**","words":[4 unsigned 64-bit words],"spareGaussian":null or the cached deviate}</c>.
    /// </summary>
    public JsonNode SaveState() => new JsonObject
    {
        ["type"] = StateType,
        ["words"] = new JsonArray(_s0, _s1, _s2, _s3),
        ["spareGaussian"] = _hasSpare ? StateNodes.Number(_spare) : null,
    };

    /// <summary>Recreates a generator from a state written by <see cref="SaveState"/>; it continues exactly where that one was.</summary>
    /// <exception cref="FormatException">The state is not a generator state (wrong tag, not four words, all-zero words).</exception>
    public static SearchRandom FromState(JsonNode state)
    {
        const string what = "random generator state";
        var o = StateNodes.Open(state, StateType, what);
        var words = StateNodes.Array(o, "words", what);
        if (words.Count != 4)
        {
            throw new FormatException($"The {what} needs four words, not {words.Count}.");
        }

        var w = words.Select((n, i) => StateNodes.ToValue<ulong>(n, $"words[{i}]", what)).ToArray();
        if (w.All(x => x == 0))
        {
            throw new FormatException($"The {what} has all-zero words.");
        }

        var spare = o["spareGaussian"];
        return new SearchRandom(w[0], w[1], w[2], w[3], spare is not null, spare is null ? 0 : StateNodes.ToDouble(spare, "spareGaussian", what));
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

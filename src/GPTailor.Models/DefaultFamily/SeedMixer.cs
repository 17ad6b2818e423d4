namespace GPTailor.Models;

/// <summary>Derives independent, platform-stable seeds for the generators of one build.</summary>
internal static class SeedMixer
{
    public const int Calibration = 1;
    public const int Test = 2;
    public const int Training = 3;
    public const int Tokenizer = 4;
    public const int Weights = 5;

    /// <summary>A 31-bit seed from the build seed, a stream index (e.g. the skill) and a purpose (SplitMix-style mixing).</summary>
    public static int Derive(int seed, int stream, int purpose)
    {
        unchecked
        {
            var x = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)stream << 8) ^ (uint)purpose;
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            return (int)(x & 0x7FFFFFFF);
        }
    }
}

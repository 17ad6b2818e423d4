using System.Globalization;

namespace GPTailor.Models;

/// <summary>Parses human-readable sizes such as <c>"2GB"</c>, <c>"500MB"</c>, <c>"1.5GiB"</c> or <c>"1048576"</c>.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("TIB", 1L << 40),
        ("KB", 1_000L), ("MB", 1_000_000L), ("GB", 1_000_000_000L), ("TB", 1_000_000_000_000L),
        ("B", 1L),
    ];

    /// <summary>
    /// Parses a positive size in bytes. Units are case-insensitive: decimal <c>KB, MB, GB, TB</c> (powers of 1000,
    /// as Hugging Face's <c>max_shard_size</c>), binary <c>KiB, MiB, GiB, TiB</c>, <c>B</c>, or none (bytes).
    /// </summary>
    /// <exception cref="FormatException">The text is not a positive size.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var factor = 1L;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = unitFactor;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{text}' is not a size such as \"2GB\", \"500MB\", \"1GiB\" or a number of bytes.");
        }

        decimal bytes;
        try
        {
            bytes = decimal.Floor(number * factor);
        }
        catch (OverflowException)
        {
            throw new FormatException($"The size '{text}' is too large.");
        }

        return bytes is < 1 or > long.MaxValue
            ? throw new FormatException($"The size '{text}' must be at least 1 byte and fit in 64 bits.")
            : (long)bytes;
    }
}

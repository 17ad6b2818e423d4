namespace GPTailor.Models;

/// <summary>
/// Orders tensor names so that runs of digits compare as numbers (<c>layers.2</c> before <c>layers.10</c>) and
/// everything else ordinally. Total and deterministic: names that compare equal numerically (<c>01</c> vs <c>1</c>)
/// fall back to ordinal order.
/// </summary>
internal sealed class TensorNameComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static TensorNameComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var xEnd = DigitsEnd(x, i);
                var yEnd = DigitsEnd(y, j);
                var byNumber = CompareDigits(x.AsSpan(i, xEnd - i), y.AsSpan(j, yEnd - j));
                if (byNumber != 0)
                {
                    return byNumber;
                }

                i = xEnd;
                j = yEnd;
                continue;
            }

            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        var byRest = (x.Length - i).CompareTo(y.Length - j);
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }

    private static int DigitsEnd(string s, int start)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return end;
    }

    private static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }
}

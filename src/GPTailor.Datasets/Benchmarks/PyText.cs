using System.Text;

namespace GPTailor.Datasets;

/// <summary>Python <c>str</c> semantics that lm-eval's prompts rely on.</summary>
public static partial class PyText
{
    /// <summary>Python's <c>len(s)</c>: the number of Unicode code points (a surrogate pair counts once).</summary>
    public static int Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count++;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return count;
    }

    /// <summary>Whether Python's <c>str.isspace</c> holds for the character (Unicode whitespace plus U+001C..U+001F).</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    /// <summary>Python's <c>s.strip()</c>.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>Python's <c>s.split()</c> (no argument): runs of whitespace separate, leading and trailing whitespace ignored.</summary>
    public static string[] SplitWhitespace(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || IsSpace(text[i]))
            {
                if (start >= 0)
                {
                    words.Add(text[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return [.. words];
    }

    /// <summary>
    /// Python's <c>s.capitalize()</c>: the first character upper-cased, the rest lower-cased (invariant culture; Python
    /// uses title case for the first character and full case mappings, which differ only for a few rare characters such as
    /// ligatures and the dotted capital I).
    /// </summary>
    public static string Capitalize(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var first = Rune.GetRuneAt(text, 0);
        var builder = new StringBuilder(text.Length);
        builder.Append(Rune.ToUpperInvariant(first).ToString());
        builder.Append(text[first.Utf16SequenceLength..].ToLowerInvariant());
        return builder.ToString();
    }

    /// <summary>Python's <c>s[start:]</c> with <paramref name="start"/> counted in code points (clamped to the length).</summary>
    public static string SliceFrom(string text, int start)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        for (var n = 0; n < start && i < text.Length; n++)
        {
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        }

        return text[i..];
    }

    /// <summary>lm-eval's <c>general_detokenize</c> (lm_eval/utils.py).</summary>
    public static string GeneralDetokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace(" n't", "n't", StringComparison.Ordinal)
            .Replace(" )", ")", StringComparison.Ordinal)
            .Replace("( ", "(", StringComparison.Ordinal)
            .Replace("\" ", "\"", StringComparison.Ordinal)
            .Replace(" \"", "\"", StringComparison.Ordinal);
        return DetokenizePunctuation().Replace(text, "$1");
    }

    [System.Text.RegularExpressions.GeneratedRegex(" (['.,])", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DetokenizePunctuation();
}

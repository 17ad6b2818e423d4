namespace GPTailor.Models;

/// <summary>
/// Splits text around added tokens the way Hugging Face's AddedVocabulary does: leftmost-longest matches on the raw
/// text, honouring <c>lstrip</c>/<c>rstrip</c> (the token absorbs neighbouring whitespace) and <c>single_word</c>.
/// Tokens flagged <c>normalized</c> are also matched on the raw text (exact for tokenizers whose normalizer leaves
/// them unchanged, which is the case for the Llama/Mistral/Qwen special tokens).
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Dictionary<char, AddedTokenDefinition[]> _byFirstChar;

    /// <summary>Indexes the tokens by first character, longest first.</summary>
    public AddedTokenSplitter(IEnumerable<AddedTokenDefinition> tokens)
    {
        _byFirstChar = tokens
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    /// <summary>Splits <paramref name="text"/>; plain segments are never empty.</summary>
    public List<TextSegment> Split(string text)
    {
        var segments = new List<TextSegment>();
        var cursor = 0;
        var i = 0;
        while (i < text.Length)
        {
            var match = _byFirstChar.Count == 0 ? null : FindAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }

            var start = i;
            var end = i + match.Content.Length;
            if (match.LeftStrip)
            {
                while (start > cursor && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (match.RightStrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }
            }

            if (start > cursor)
            {
                segments.Add(new TextSegment(text[cursor..start], cursor, null));
            }

            segments.Add(new TextSegment(text[start..end], start, match));
            cursor = end;
            i = end;
        }

        if (cursor < text.Length)
        {
            segments.Add(new TextSegment(text[cursor..], cursor, null));
        }

        return segments;
    }

    private AddedTokenDefinition? FindAt(string text, int index)
    {
        if (!_byFirstChar.TryGetValue(text[index], out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            var content = candidate.Content;
            if (index + content.Length <= text.Length
                && string.CompareOrdinal(text, index, content, 0, content.Length) == 0
                && (!candidate.SingleWord || IsSingleWord(text, index, index + content.Length)))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsSingleWord(string text, int start, int end) =>
        (start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

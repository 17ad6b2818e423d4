namespace GPTailor.Models;

/// <summary>
/// Piece encoder for sentencepiece-style BPE <c>tokenizer.json</c> files (Llama-2, Mistral): optional
/// <c>Metaspace</c> pre-tokenization, then <see cref="BpeMergeEngine"/> per word (the whole normalized piece is one
/// word when no pre-tokenizer splits it).
/// </summary>
internal sealed class SentencePieceStyleEncoder(PreTokenizerDefinition preTokenizer, BpeMergeEngine engine)
{
    /// <summary>Encodes one normalized piece.</summary>
    public void EncodePiece(string piece, bool startsText, List<int> output)
    {
        if (preTokenizer.MetaspaceReplacement is not { } replacement)
        {
            engine.EncodeWord(piece, output);
            return;
        }

        var text = piece.Replace(" ", replacement, StringComparison.Ordinal);
        var prepend = preTokenizer.MetaspacePrependScheme == "always"
                      || (preTokenizer.MetaspacePrependScheme == "first" && startsText);
        if (prepend && text.Length > 0 && !text.StartsWith(replacement, StringComparison.Ordinal))
        {
            text = replacement + text;
        }

        if (!preTokenizer.MetaspaceSplit)
        {
            engine.EncodeWord(text, output);
            return;
        }

        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || string.CompareOrdinal(text, i, replacement, 0, replacement.Length) == 0)
            {
                engine.EncodeWord(text[start..i], output);
                start = i;
            }
        }
    }
}

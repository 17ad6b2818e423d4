using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace GPTailor.Models;

/// <summary>
/// A Microsoft.ML.Tokenizers <see cref="Tokenizer"/> for sentencepiece-style BPE <c>tokenizer.json</c> files
/// (byte fallback, <c>▁</c> word marks), following Hugging Face semantics. Never adds BOS/EOS itself. Token offsets
/// are those of the source segment (the text between added tokens) in the input.
/// </summary>
internal sealed class SentencePieceBpeTokenizer : Tokenizer
{
    /// <summary>Builds the tokenizer from a validated definition without a ByteLevel pre-tokenizer.</summary>
    public SentencePieceBpeTokenizer(TokenizerDefinition definition)
    {
        var encoder = new SentencePieceStyleEncoder(definition.PreTokenizer, new BpeMergeEngine(definition.Model));
        Pipeline = new HfJsonPipeline(definition, encoder.EncodePiece);
    }

    /// <summary>The shared encode/decode pipeline.</summary>
    public HfJsonPipeline Pipeline { get; }

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var log = new List<(TextSegment Segment, int IdCount)>();
        var ids = Pipeline.Encode(input, log);
        var tokens = new List<EncodedToken>(ids.Count);
        var index = 0;
        foreach (var (segment, count) in log)
        {
            var range = new Range(segment.Offset, segment.Offset + segment.Text.Length);
            for (var k = 0; k < count && tokens.Count < settings.MaxTokenCount; k++, index++)
            {
                tokens.Add(new EncodedToken(ids[index], Pipeline.IdToToken(ids[index]), range));
            }
        }

        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = input.Length };
    }

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids) => Pipeline.Decode(ids, skipSpecialTokens: false);

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var list = ids.ToList();
        idsConsumed = 0;
        charsWritten = 0;
        for (var count = list.Count; count > 0; count--)
        {
            var text = Pipeline.Decode(list.Take(count), skipSpecialTokens: false);
            if (text.Length <= destination.Length)
            {
                text.AsSpan().CopyTo(destination);
                idsConsumed = count;
                charsWritten = text.Length;
                return count == list.Count ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
            }
        }

        return list.Count == 0 ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
    }
}

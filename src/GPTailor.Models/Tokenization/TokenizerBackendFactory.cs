using Microsoft.ML.Tokenizers;

namespace GPTailor.Models;

/// <summary>Builds a <see cref="TokenizerBackend"/> from <c>tokenizer.json</c> or <c>tokenizer.model</c>.</summary>
internal static class TokenizerBackendFactory
{
    /// <summary>Loads a validated <c>tokenizer.json</c>.</summary>
    public static TokenizerBackend FromTokenizerJson(string path, long maxBytes)
    {
        var definition = TokenizerJsonReader.Read(path, maxBytes);
        Tokenizer tokenizer;
        HfJsonPipeline pipeline;
        if (definition.PreTokenizer.IsByteLevel)
        {
            var (byteLevel, encodePiece) = ByteLevelTokenizerFactory.Create(definition);
            pipeline = new HfJsonPipeline(definition, (piece, _, output) => encodePiece(piece, output));
            tokenizer = byteLevel;
        }
        else
        {
            var sentencePiece = new SentencePieceBpeTokenizer(definition);
            pipeline = sentencePiece.Pipeline;
            tokenizer = sentencePiece;
        }

        return new TokenizerBackend(
            tokenizer,
            text => pipeline.Encode(text),
            pipeline.Decode,
            token => pipeline.TokenToId.TryGetValue(token, out var id) ? id : null,
            pipeline.VocabularySize,
            definition.TemplateBosId,
            ModelEosId: null,
            DefaultAddsBos: definition.TemplateBosId is not null);
    }

    /// <summary>Loads a sentencepiece protobuf <c>tokenizer.model</c> through <see cref="LlamaTokenizer"/>.</summary>
    public static TokenizerBackend FromSentencePieceModel(string path, long maxBytes)
    {
        // A device (/dev/zero reports length 0 and never ends), a FIFO or a directory is refused before it is opened.
        var bytes = RegularFile.ReadAllBytes(path, "tokenizer file", maxBytes, reason => new TokenizerFormatException(path, reason));
        LlamaTokenizer tokenizer;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception ex)
        {
            throw new TokenizerFormatException(path, $"not a usable sentencepiece model ({ex.Message})", ex);
        }

        var vocabulary = tokenizer.Vocabulary;
        int? bos = tokenizer.BeginningOfSentenceId >= 0 ? tokenizer.BeginningOfSentenceId : null;
        int? eos = tokenizer.EndOfSentenceId >= 0 ? tokenizer.EndOfSentenceId : null;
        return new TokenizerBackend(
            tokenizer,
            text => tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false).ToList(),
            (ids, skipSpecial) => tokenizer.Decode(ids, considerSpecialTokens: !skipSpecial),
            token => vocabulary.TryGetValue(token, out var id) ? id : null,
            vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1,
            bos,
            eos,
            DefaultAddsBos: bos is not null);
    }
}

namespace GPTailor.Models;

/// <summary>
/// The Hugging Face encode/decode pipeline shared by both <c>tokenizer.json</c> back ends: split out added tokens,
/// normalize each remaining piece, hand it to the model-specific piece encoder; decode ids through the
/// <c>decoder</c> chain.
/// </summary>
internal sealed class HfJsonPipeline
{
    private readonly AddedTokenSplitter _splitter;
    private readonly Action<string, bool, List<int>> _encodePiece;
    private readonly string?[] _idToToken;
    private readonly bool[] _isSpecial;

    /// <summary>Creates the pipeline; <paramref name="encodePiece"/> gets (normalized piece, starts the text, output).</summary>
    public HfJsonPipeline(TokenizerDefinition definition, Action<string, bool, List<int>> encodePiece)
    {
        Definition = definition;
        _encodePiece = encodePiece;
        _splitter = new AddedTokenSplitter(definition.AddedTokens);
        var maxId = Math.Max(
            definition.Model.Vocabulary.Values.Max(),
            definition.AddedTokens.Count == 0 ? -1 : definition.AddedTokens.Max(t => t.Id));
        _idToToken = new string?[maxId + 1];
        _isSpecial = new bool[maxId + 1];
        foreach (var (token, id) in definition.Model.Vocabulary)
        {
            _idToToken[id] = token;
        }

        foreach (var added in definition.AddedTokens)
        {
            _idToToken[added.Id] = added.Content;
            _isSpecial[added.Id] = added.Special;
        }

        TokenToId = new Dictionary<string, int>(definition.Model.Vocabulary, StringComparer.Ordinal);
        foreach (var added in definition.AddedTokens)
        {
            TokenToId[added.Content] = added.Id;
        }
    }

    /// <summary>The validated tokenizer.json.</summary>
    public TokenizerDefinition Definition { get; }

    /// <summary>Largest id + 1 over the model vocabulary and the added tokens.</summary>
    public int VocabularySize => _idToToken.Length;

    /// <summary>Vocabulary plus added tokens, token → id.</summary>
    public Dictionary<string, int> TokenToId { get; }

    /// <summary>Encodes text (no BOS/EOS) and reports, per segment, the ids it produced.</summary>
    public List<int> Encode(string text, List<(TextSegment Segment, int IdCount)>? segmentLog = null)
    {
        var ids = new List<int>();
        foreach (var segment in _splitter.Split(text))
        {
            var before = ids.Count;
            if (segment.AddedToken is { } added)
            {
                ids.Add(added.Id);
            }
            else
            {
                _encodePiece(Definition.Normalizer.Apply(segment.Text), segment.Offset == 0, ids);
            }

            segmentLog?.Add((segment, ids.Count - before));
        }

        return ids;
    }

    /// <summary>The token string of an id.</summary>
    public string IdToToken(int id) =>
        (uint)id < (uint)_idToToken.Length && _idToToken[id] is { } token
            ? token
            : throw new ArgumentOutOfRangeException(nameof(id), id, "The token id is not in this tokenizer's vocabulary.");

    /// <summary>Decodes ids; unknown ids throw <see cref="ArgumentOutOfRangeException"/>.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens)
    {
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            var token = IdToToken(id);
            if (!(skipSpecialTokens && _isSpecial[id]))
            {
                tokens.Add(token);
            }
        }

        return Definition.Decoder.Decode(tokens);
    }
}

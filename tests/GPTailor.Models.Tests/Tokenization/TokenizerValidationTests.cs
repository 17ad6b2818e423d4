
namespace GPTailor.Models.Tests;

/// <summary>Malformed or unsupported files fail with typed exceptions naming the file.</summary>
public sealed class TokenizerValidationTests
{
    private const string TinyModel = """
        "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "<s>": 3}, "merges": ["a b"]}
        """;

    public static TheoryData<string, string> MalformedTokenizerJson => new()
    {
        { "{ not json", "not valid JSON" },
        { "[1, 2, 3]", "root must be a JSON object" },
        { "{}", "model must be a JSON object" },
        { """{"model": {"type": "Unigram", "vocab": []}}""", "model.type 'Unigram' is not supported" },
        { """{"model": {"vocab": {"a": 0}, "merges": []}}""", "model.type must be a string" },
        { """{"model": {"type": "BPE", "vocab": {"a": -1}, "merges": []}}""", "non-negative 32-bit integer" },
        { """{"model": {"type": "BPE", "vocab": {"a": "zero"}, "merges": []}}""", "non-negative 32-bit integer" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0, "b": 0}, "merges": []}}""", "id 0 is used by more than one token" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}""", "missing from the vocabulary" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a  b"]}}""", "merges[0] must be" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "dropout": 0.1}}""", "dropout is not supported" },
        { "{" + TinyModel + ""","normalizer": {"type": "BertNormalizer"}}""", "normalizer type 'BertNormalizer' is not supported" },
        { "{" + TinyModel + ""","pre_tokenizer": {"type": "Whitespace"}}""", "pre-tokenizer type 'Whitespace' is not supported" },
        { "{" + TinyModel + ""","pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated"}, {"type": "ByteLevel", "use_regex": false}]}}""", "is not supported by .NET" },
        { "{" + TinyModel + ""","decoder": {"type": "WordPiece"}}""", "decoder type 'WordPiece' is not supported" },
        { "{" + TinyModel + ""","added_tokens": [{"id": 3}]}""", "added_tokens[0].content must be a string" },
        { "{" + TinyModel + ""","added_tokens": [{"id": 3, "content": "<s>", "special": "yes"}]}""", "special must be true or false" },
        { "{" + TinyModel + ""","post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}], "special_tokens": {}}}""", "special_tokens.<s> must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokenizerJson))]
    public void MalformedTokenizerJsonThrowsFormatExceptionNamingTheFile(string json, string expectedReason)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("tokenizer.json", json);
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(dir.Path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(path, ex.Message);
        Assert.Contains(expectedReason, ex.Reason);
    }

    [Fact]
    public void TinyValidFileLoadsAndMerges()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", "{" + TinyModel + "}");
        var tokenizer = HfTokenizer.Load(dir.Path);
        Assert.Equal([2, 0], tokenizer.Encode("aba")); // a b a -> (a b) a
        Assert.Equal([1, 2, 2], tokenizer.Encode("babab")); // b a b a b -> b (a b) (a b)
        Assert.Equal(4, tokenizer.VocabularySize);
    }

    [Fact]
    public void OversizedFileIsRejectedBeforeParsing()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("tokenizer.json", "{" + TinyModel + "}");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(dir.Path, new HfTokenizerOptions { MaxFileBytes = 10 }));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("above the 10-byte limit", ex.Reason);
    }

    [Fact]
    public void MalformedTokenizerConfigIsNamed()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", "{" + TinyModel + "}");
        var config = dir.Write("tokenizer_config.json", """{"add_bos_token": "true"}""");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(dir.Path));
        Assert.Equal(config, ex.FilePath);
    }

    [Fact]
    public void UnknownBosTokenInTokenizerConfigIsRejected()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", "{" + TinyModel + "}");
        var config = dir.Write("tokenizer_config.json", """{"bos_token": "<nope>"}""");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(dir.Path));
        Assert.Equal(config, ex.FilePath);
    }

    [Fact]
    public void OutOfRangeConfigIdIsRejected()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", "{" + TinyModel + "}");
        var config = dir.Write("config.json", """{"bos_token_id": 4}""");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(dir.Path));
        Assert.Equal(config, ex.FilePath);
    }

    [Fact]
    public void CorruptSentencePieceModelIsRejected()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "tokenizer.model");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x03]);
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(dir.Path));
        Assert.Equal(path, ex.FilePath);
    }

    [Fact]
    public void MissingDirectoryOrFilesAreReported()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => HfTokenizer.Load(Path.Combine(dir.Path, "missing")));
        Assert.Throws<FileNotFoundException>(() => HfTokenizer.Load(dir.Path));
    }

    [Fact]
    public void RequestingBosWithoutOneFails()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", "{" + TinyModel + "}");
        Assert.Throws<InvalidOperationException>(() => HfTokenizer.Load(dir.Path, new HfTokenizerOptions { AddBos = true }));
        var tokenizer = HfTokenizer.Load(dir.Path);
        Assert.Null(tokenizer.BosId);
        Assert.False(tokenizer.AddsBos);
        Assert.Throws<InvalidOperationException>(() => tokenizer.Encode("ab", addBos: true));
    }
}

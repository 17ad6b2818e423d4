using System.Text.Json.Nodes;

namespace GPTailor.Models.Tests;

/// <summary>Our sentencepiece-style BPE (byte fallback) against Hugging Face tokenizers on the npm Llama-2 tokenizer.json.</summary>
public sealed class Llama2TokenizerTests(Llama2Fixture fixture) : IClassFixture<Llama2Fixture>
{
    public static TheoryData<string> PlainTexts => new(TokenizerCorpus.Plain);

    private static readonly string[] SpecialTextList =
    [
        "<s>Hello",
        "Hello</s>",
        "Hello <s> world",
        "a</s>b<unk>c",
        "<s><s>  double  </s>",
        "not special: <s > and < /s>",
        "[INST] What is 2+2? [/INST] 4</s>",
    ];

    public static TheoryData<string> SpecialTexts => new(SpecialTextList);

    [Fact]
    public void MetadataComesFromTheModelFiles()
    {
        var tokenizer = fixture.Ours;
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal(2, tokenizer.EosId);
        Assert.True(tokenizer.AddsBos);
        Assert.Equal(32000, tokenizer.VocabularySize);
        Assert.Equal(13, tokenizer.TokenToId("<0x0A>"));
    }

    [Theory]
    [MemberData(nameof(PlainTexts))]
    public void PlainTextMatchesOracleAndRoundTrips(string text)
    {
        var ids = fixture.Ours.Encode(text);
        Assert.Equal(fixture.Oracle.Encode(text), ids);
        var withoutBos = fixture.Ours.Encode(text, addBos: false);
        Assert.Equal(ids.Skip(1), withoutBos);
        Assert.Equal(text, fixture.Ours.Decode(withoutBos));
        Assert.Equal(fixture.Oracle.Decode(ids), fixture.Ours.Decode(ids, skipSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(SpecialTexts))]
    public void SpecialTokensInTextMatchOracle(string text)
    {
        var ids = fixture.Ours.Encode(text);
        Assert.Equal(fixture.Oracle.Encode(text), ids);
    }

    [Fact]
    public void ByteFallbackProducesUtf8ByteTokens()
    {
        // "𠀀" (U+20000 = F0 A0 80 80) is not in the vocabulary; <0xNN> has id NN + 3 (after <unk>, <s>, </s>).
        var ids = fixture.Ours.Encode("𠀀", addBos: false);
        Assert.Equal([fixture.Ours.TokenToId("▁")!.Value, 0xF0 + 3, 0xA0 + 3, 0x80 + 3, 0x80 + 3], ids);
        Assert.Equal("𠀀", fixture.Ours.Decode(ids));
    }

    [Fact]
    public void LongTextMatchesOracle()
    {
        var text = string.Join(" ", Enumerable.Repeat(string.Join("\n", TokenizerCorpus.Plain), 10));
        Assert.Equal(fixture.Oracle.Encode(text), fixture.Ours.Encode(text));
    }

    [Fact]
    public void UnderlyingMlTokenizerGivesTheSameIdsWithoutBos()
    {
        foreach (var text in TokenizerCorpus.Plain.Take(20))
        {
            var ids = fixture.Ours.Encode(text, addBos: false);
            Assert.Equal(ids, fixture.Ours.Tokenizer.EncodeToIds(text));
            Assert.Equal(text, fixture.Ours.Tokenizer.Decode(ids));
        }
    }

    [Theory]
    [InlineData("always", false)]
    [InlineData("first", false)]
    [InlineData("always", true)]
    public void MetaspacePreTokenizerVariantMatchesOracle(string prependScheme, bool split)
    {
        using var dir = new TempDirectory();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RealTokenizerFiles.Directory("llama2"), "tokenizer.json")))!;
        json["normalizer"] = null;
        json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Metaspace",
            ["replacement"] = "\u2581",
            ["prepend_scheme"] = prependScheme,
            ["split"] = split,
        };
        var path = dir.Write("tokenizer.json", json.ToJsonString());
        var ours = HfTokenizer.Load(dir.Path);
        var oracle = new OracleTokenizer(path);
        foreach (var text in TokenizerCorpus.Plain.Concat(SpecialTextList))
        {
            Assert.True(oracle.Encode(text).SequenceEqual(ours.Encode(text)), $"ids differ for '{text}'");
        }
    }
}

using Microsoft.ML.Tokenizers;

namespace GPTailor.Models.Tests;

/// <summary>Our byte-level BPE path against Hugging Face tokenizers on the genuine Llama-3 tokenizer.json.</summary>
public sealed class Llama3TokenizerTests(Llama3Fixture fixture) : IClassFixture<Llama3Fixture>
{
    public static TheoryData<string> PlainTexts => new(TokenizerCorpus.Plain);

    public static TheoryData<string> SpecialTexts => new(
        "<|begin_of_text|>Hello",
        "Hello<|end_of_text|>",
        "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
        "text <|eot_id|> more text",
        "<|reserved_special_token_5|><|reserved_special_token_5|>",
        "not special: <|not_a_token|> and <| begin_of_text |>",
        "<|begin_of_text|><|begin_of_text|>  spaced  <|end_of_text|>");

    [Fact]
    public void MetadataComesFromTheModelFiles()
    {
        var tokenizer = fixture.Ours;
        Assert.Equal(128000, tokenizer.BosId);
        Assert.Equal(128001, tokenizer.EosId);
        Assert.False(tokenizer.AddsBos); // tokenizer_config has no add_bos_token and the post-processor is ByteLevel
        Assert.Equal(128256, tokenizer.VocabularySize);
        Assert.IsType<TiktokenTokenizer>(tokenizer.Tokenizer);
        Assert.Equal(128009, tokenizer.TokenToId("<|eot_id|>"));
    }

    [Fact]
    public void KnownPublishedIds()
    {
        Assert.Equal([9906, 1917], fixture.Ours.Encode("Hello world"));
        Assert.Equal([128000, 9906, 1917], fixture.Ours.Encode("Hello world", addBos: true));
    }

    [Theory]
    [MemberData(nameof(PlainTexts))]
    public void PlainTextMatchesOracleAndRoundTrips(string text)
    {
        var ids = fixture.Ours.Encode(text);
        Assert.Equal(fixture.Oracle.Encode(text), ids);
        Assert.Equal(text, fixture.Ours.Decode(ids));
        Assert.Equal(fixture.Oracle.Decode(ids), fixture.Ours.Decode(ids));
    }

    [Theory]
    [MemberData(nameof(SpecialTexts))]
    public void SpecialTokensInTextMatchOracle(string text)
    {
        var ids = fixture.Ours.Encode(text);
        Assert.Equal(fixture.Oracle.Encode(text), ids);
        Assert.Equal(text, fixture.Ours.Decode(ids));
    }

    [Fact]
    public void LongTextMatchesOracle()
    {
        var text = string.Join(" ", Enumerable.Repeat(string.Join("\n", TokenizerCorpus.Plain), 10));
        Assert.Equal(fixture.Oracle.Encode(text), fixture.Ours.Encode(text));
    }

    [Fact]
    public void DecodeRejectsIdsOutsideTheVocabulary()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Ours.Decode([9906, 128256]));
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Ours.Decode([-1]));
    }

    [Fact]
    public void UnderlyingMlTokenizerGivesTheSameIdsForPlainText()
    {
        foreach (var text in TokenizerCorpus.Plain)
        {
            Assert.Equal(fixture.Ours.Encode(text), fixture.Ours.Tokenizer.EncodeToIds(text));
        }
    }
}

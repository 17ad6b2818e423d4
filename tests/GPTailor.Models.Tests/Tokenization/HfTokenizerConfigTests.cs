
namespace GPTailor.Models.Tests;

/// <summary>BOS/EOS resolution order: tokenizer_config.json, then config.json, then the post-processor.</summary>
public sealed class HfTokenizerConfigTests(TrainedTokenizerFixture fixture) : IClassFixture<TrainedTokenizerFixture>
{
    private const int Bos = TrainedTokenizerFixture.VocabSize - 3;
    private const int Eos = TrainedTokenizerFixture.VocabSize - 2;
    private const int Pad = TrainedTokenizerFixture.VocabSize - 1;

    private TempDirectory CopyTokenizerJson()
    {
        var dir = new TempDirectory();
        File.Copy(fixture.JsonPath, Path.Combine(dir.Path, "tokenizer.json"));
        return dir;
    }

    [Fact]
    public void TokenizerConfigAcceptsObjectTokensAndOverridesConfigJson()
    {
        using var dir = CopyTokenizerJson();
        dir.Write("tokenizer_config.json", """{"add_bos_token": false, "bos_token": {"content": "<|pad|>", "lstrip": false}, "eos_token": "<|bos|>"}""");
        dir.Write("config.json", """{"bos_token_id": 5, "eos_token_id": 6}""");
        var tokenizer = HfTokenizer.Load(dir.Path);
        Assert.Equal(Pad, tokenizer.BosId);
        Assert.Equal(Bos, tokenizer.EosId);
        Assert.False(tokenizer.AddsBos);
        Assert.Equal(tokenizer.Encode("hi", addBos: false).Prepend(Pad), tokenizer.Encode("hi", addBos: true));
    }

    [Fact]
    public void ConfigJsonIdsAreUsedWhenTokenizerConfigIsAbsent()
    {
        using var dir = CopyTokenizerJson();
        dir.Write("config.json", """{"bos_token_id": 5, "eos_token_id": [7, 8]}""");
        var tokenizer = HfTokenizer.Load(dir.Path);
        Assert.Equal(5, tokenizer.BosId);
        Assert.Equal(7, tokenizer.EosId);
        Assert.True(tokenizer.AddsBos); // the TemplateProcessing post-processor adds BOS
        Assert.Equal(5, tokenizer.Encode("hi")[0]);
    }

    [Fact]
    public void PostProcessorSuppliesBosWhenNoConfigExists()
    {
        using var dir = CopyTokenizerJson();
        var tokenizer = HfTokenizer.Load(dir.Path);
        Assert.Equal(Bos, tokenizer.BosId);
        Assert.Null(tokenizer.EosId);
        Assert.True(tokenizer.AddsBos);
    }

    [Fact]
    public void OptionOverridesAddBos()
    {
        using var dir = CopyTokenizerJson();
        var tokenizer = HfTokenizer.Load(dir.Path, new HfTokenizerOptions { AddBos = false });
        Assert.False(tokenizer.AddsBos);
        Assert.NotEqual(Bos, tokenizer.Encode("hi")[0]);
        Assert.Equal(Bos, tokenizer.Encode("hi", addBos: true)[0]);
    }

    [Fact]
    public void DecodeCanSkipSpecialTokens()
    {
        using var dir = CopyTokenizerJson();
        var tokenizer = HfTokenizer.Load(dir.Path);
        var ids = tokenizer.Encode("hello<|eos|>");
        Assert.Equal("<|bos|>hello<|eos|>", tokenizer.Decode(ids));
        Assert.Equal("hello", tokenizer.Decode(ids, skipSpecialTokens: true));
    }
}

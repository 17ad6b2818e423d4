using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace GPTailor.Models.Tests;

/// <summary>The trained tokenizer must load in HfTokenizer and in Hugging Face tokenizers with identical ids.</summary>
public sealed class ByteLevelBpeTrainerTests(TrainedTokenizerFixture fixture) : IClassFixture<TrainedTokenizerFixture>
{
    private static readonly string[] SpecialTexts =
    [
        "<|bos|>hello<|eos|>",
        "a <|pad|> b",
        "<|eos|><|eos|>  x",
        "<|bos|> not <|special|>",
    ];

    private static IEnumerable<string> Texts => TokenizerCorpus.Plain.Concat(SpecialTexts).Concat(TrainedTokenizerFixture.TrainingCorpus().Take(30));

    [Fact]
    public void MetadataMatchesTrainingSettings()
    {
        var tokenizer = HfTokenizer.Load(fixture.Directory);
        Assert.Equal(TrainedTokenizerFixture.VocabSize, tokenizer.VocabularySize);
        Assert.Equal(TrainedTokenizerFixture.VocabSize - 3, tokenizer.BosId);
        Assert.Equal(TrainedTokenizerFixture.VocabSize - 2, tokenizer.EosId);
        Assert.Equal(TrainedTokenizerFixture.VocabSize - 1, tokenizer.TokenToId("<|pad|>"));
        Assert.True(tokenizer.AddsBos);
        Assert.IsType<BpeTokenizer>(tokenizer.Tokenizer);
    }

    [Fact]
    public void TrainedTokenizerMatchesHuggingFaceAndRoundTrips()
    {
        var ours = HfTokenizer.Load(fixture.Directory);
        var oracle = new OracleTokenizer(fixture.JsonPath);
        foreach (var text in Texts)
        {
            var ids = ours.Encode(text);
            Assert.True(oracle.Encode(text).SequenceEqual(ids), $"ids differ for {text}");
            Assert.Equal(text, ours.Decode(ids, skipSpecialTokens: false)[TrainedTokenizerFixture.SpecialTokens[0].Length..]);
        }
    }

    [Fact]
    public void TrainingCompressesTheCorpus()
    {
        var ours = HfTokenizer.Load(fixture.Directory);
        var corpus = TrainedTokenizerFixture.TrainingCorpus().ToList();
        var bytes = corpus.Sum(t => Encoding.UTF8.GetByteCount(t));
        var tokens = corpus.Sum(t => ours.Encode(t, addBos: false).Length);
        Assert.True(tokens < bytes * 0.5, $"{tokens} tokens for {bytes} bytes");
    }

    [Fact]
    public void TrainingIsDeterministic()
    {
        var other = Path.Combine(Path.GetTempPath(), "gptailor-tok-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = ByteLevelBpeTrainer.Train(TrainedTokenizerFixture.TrainingCorpus(), TrainedTokenizerFixture.VocabSize, TrainedTokenizerFixture.SpecialTokens, other);
            Assert.Equal(File.ReadAllBytes(fixture.JsonPath), File.ReadAllBytes(path));
            Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Directory, "tokenizer_config.json")), File.ReadAllBytes(Path.Combine(other, "tokenizer_config.json")));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Theory]
    [InlineData("gpt2-style ByteLevel pre-tokenizer with prefix space")]
    [InlineData("ignore_merges")]
    public void VariantsOfTheTrainedFileMatchHuggingFace(string variant)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gptailor-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(fixture.JsonPath))!;
            if (variant == "ignore_merges")
            {
                json["model"]!["ignore_merges"] = true;
            }
            else
            {
                json["pre_tokenizer"] = JsonNode.Parse("""{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}""");
            }

            var path = Path.Combine(directory, "tokenizer.json");
            File.WriteAllText(path, json.ToJsonString());
            var ours = HfTokenizer.Load(directory);
            var oracle = new OracleTokenizer(path);
            Assert.True(ours.AddsBos); // from the TemplateProcessing post-processor: no tokenizer_config.json here
            foreach (var text in Texts)
            {
                Assert.True(oracle.Encode(text).SequenceEqual(ours.Encode(text)), $"ids differ for {text}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var dir = Path.Combine(Path.GetTempPath(), "unused");
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeTrainer.Train(["abc"], 257, ["<s>", "</s>"], dir));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeTrainer.Train(["abc"], 100_000, ["<s>", "</s>"], dir));
        Assert.Throws<ArgumentException>(() => ByteLevelBpeTrainer.Train(["abc"], 300, ["<s>"], dir));
        Assert.Throws<ArgumentException>(() => ByteLevelBpeTrainer.Train(["abc"], 300, ["<s>", "<s>"], dir));
        Assert.Throws<ArgumentException>(() => ByteLevelBpeTrainer.Train(["abc"], 300, ["<s>", ""], dir));
    }
}

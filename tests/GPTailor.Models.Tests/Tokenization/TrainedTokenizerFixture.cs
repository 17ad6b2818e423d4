using System.Globalization;

namespace GPTailor.Models.Tests;

/// <summary>Trains one small byte-level BPE tokenizer into a temporary directory for the trainer tests.</summary>
public sealed class TrainedTokenizerFixture : IDisposable
{
    public const int VocabSize = 600;

    public static readonly string[] SpecialTokens = ["<|bos|>", "<|eos|>", "<|pad|>"];

    public TrainedTokenizerFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gptailor-tok-" + Guid.NewGuid().ToString("N"));
        JsonPath = ByteLevelBpeTrainer.Train(TrainingCorpus(), VocabSize, SpecialTokens, Directory);
    }

    public string Directory { get; }

    public string JsonPath { get; }

    /// <summary>English, code and arithmetic, deterministic.</summary>
    public static IEnumerable<string> TrainingCorpus()
    {
        var random = new Random(1234);
        for (var i = 0; i < 400; i++)
        {
            var a = random.Next(0, 100000);
            var b = random.Next(0, 1000);
            yield return string.Create(CultureInfo.InvariantCulture, $"{a}+{b}={a + b}");
        }

        for (var i = 0; i < 20; i++)
        {
            yield return "The quick brown fox jumps over the lazy dog. The dog sleeps while the fox runs away into the forest.";
            yield return "In the beginning there was the word, and the word was tokenized into pieces that the model could read.";
            yield return "def add(a, b):\n    return a + b\n\nfor i in range(10):\n    print(add(i, i * 2))\n";
            yield return "Café, naïve, façade — unicode text with accents and 日本語 and emoji 😀 appears too.";
        }

        foreach (var text in TokenizerCorpus.Plain)
        {
            yield return text;
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

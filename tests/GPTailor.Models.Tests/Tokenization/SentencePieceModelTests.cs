using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace GPTailor.Models.Tests;

/// <summary>
/// The tokenizer.model path against ids recorded by sentencepiece itself
/// (tools/reference/make_sentencepiece_reference.py, committed TestData).
/// </summary>
public sealed class SentencePieceModelTests
{
    private static readonly string ModelDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "tokenizers", "sp-bpe-tiny");

    public static TheoryData<string, int[], string> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelDirectory, "expected.json")));
        var data = new TheoryData<string, int[], string>();
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(
                item.GetProperty("text").GetString()!,
                item.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                item.GetProperty("decoded").GetString()!);
        }

        return data;
    }

    [Fact]
    public void MetadataComesFromTheModel()
    {
        var tokenizer = HfTokenizer.Load(ModelDirectory);
        Assert.EndsWith("tokenizer.model", tokenizer.SourceFile);
        Assert.IsType<LlamaTokenizer>(tokenizer.Tokenizer);
        Assert.Equal(400, tokenizer.VocabularySize);
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal(2, tokenizer.EosId);
        Assert.True(tokenizer.AddsBos);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesSentencePiece(string text, int[] expectedIds, string expectedDecoded)
    {
        var tokenizer = HfTokenizer.Load(ModelDirectory);
        Assert.Equal(expectedIds, tokenizer.Encode(text, addBos: false));
        Assert.Equal(expectedIds.Prepend(1), tokenizer.Encode(text));
        Assert.Equal(expectedDecoded, tokenizer.Decode(expectedIds));
    }
}

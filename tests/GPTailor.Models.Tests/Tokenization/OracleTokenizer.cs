namespace GPTailor.Models.Tests;

/// <summary>Hugging Face's Rust tokenizers (through Tokenizers.DotNet) as the independent reference.</summary>
internal sealed class OracleTokenizer(string tokenizerJsonPath)
{
    private readonly Tokenizers.DotNet.Tokenizer _tokenizer = new(tokenizerJsonPath);

    /// <summary>Ids as HF produces them, including whatever its post-processor adds.</summary>
    public int[] Encode(string text) => _tokenizer.Encode(text).Select(id => checked((int)id)).ToArray();

    /// <summary>HF decode.</summary>
    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids.Select(id => checked((uint)id)).ToArray());
}

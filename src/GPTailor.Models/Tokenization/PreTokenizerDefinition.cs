namespace GPTailor.Models;

/// <summary>The supported shapes of a <c>tokenizer.json</c> <c>pre_tokenizer</c>.</summary>
internal sealed record PreTokenizerDefinition
{
    /// <summary>No pre-tokenizer: the whole normalized piece is one word.</summary>
    public static PreTokenizerDefinition None { get; } = new();

    /// <summary><c>true</c> when a <c>ByteLevel</c> pre-tokenizer is present (byte-level BPE).</summary>
    public bool IsByteLevel { get; init; }

    /// <summary>The word-splitting regex (from <c>Split</c>, or GPT-2's when <c>ByteLevel.use_regex</c>).</summary>
    public string? SplitPattern { get; init; }

    /// <summary><c>ByteLevel.add_prefix_space</c>.</summary>
    public bool AddPrefixSpace { get; init; }

    /// <summary>The <c>Metaspace</c> replacement character, or <c>null</c> when there is no Metaspace.</summary>
    public string? MetaspaceReplacement { get; init; }

    /// <summary>The Metaspace prepend scheme: <c>always</c>, <c>first</c> or <c>never</c>.</summary>
    public string MetaspacePrependScheme { get; init; } = "always";

    /// <summary><c>Metaspace.split</c>: split words before each replacement character.</summary>
    public bool MetaspaceSplit { get; init; }
}

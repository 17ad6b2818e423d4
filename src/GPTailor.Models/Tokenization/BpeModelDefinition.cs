namespace GPTailor.Models;

/// <summary>The validated <c>model</c> section of a BPE <c>tokenizer.json</c>.</summary>
internal sealed record BpeModelDefinition(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<(string Left, string Right)> Merges,
    string? UnknownToken,
    bool FuseUnknown,
    bool ByteFallback,
    bool IgnoreMerges);

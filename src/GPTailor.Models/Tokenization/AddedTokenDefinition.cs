namespace GPTailor.Models;

/// <summary>One entry of <c>tokenizer.json</c> <c>added_tokens</c>.</summary>
internal sealed record AddedTokenDefinition(
    int Id,
    string Content,
    bool Special,
    bool LeftStrip,
    bool RightStrip,
    bool SingleWord,
    bool Normalized);

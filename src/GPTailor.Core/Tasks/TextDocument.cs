namespace GPTailor;

/// <summary>
/// One perplexity document: <c>{"text":"..."}</c> (tokenized with the model's tokenizer, BOS per its config) or
/// <c>{"tokens":[ids...]}</c> (used as given, no BOS added). Exactly one of the two is set.
/// </summary>
/// <param name="Text">The text, or null.</param>
/// <param name="Tokens">The token ids, or null.</param>
public sealed record TextDocument(string? Text, IReadOnlyList<int>? Tokens);

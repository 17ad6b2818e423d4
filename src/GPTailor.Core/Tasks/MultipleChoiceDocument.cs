namespace GPTailor;

/// <summary>One multiple-choice question: <c>{"context":"...","choices":["...",...],"gold":i}</c>.</summary>
/// <param name="Context">The prompt.</param>
/// <param name="Choices">The answer continuations (without the target delimiter).</param>
/// <param name="Gold">Index of the correct choice.</param>
public sealed record MultipleChoiceDocument(string Context, IReadOnlyList<string> Choices, int Gold)
{
    /// <summary>
    /// Partial scoring (lm-eval's multiple-input tasks such as WinoGrande): when set, each of <see cref="Choices"/> is a
    /// context and the scored continuation is the target delimiter followed by this text; <see cref="Context"/> is then
    /// a prefix put before every choice (usually empty). Null: the usual layout (one context, choices as continuations).
    /// </summary>
    public string? SharedContinuation { get; init; }
}

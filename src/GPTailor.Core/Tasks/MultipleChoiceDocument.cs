namespace GPTailor;

/// <summary>One multiple-choice question: <c>{"context":"...","choices":["...",...],"gold":i}</c>.</summary>
/// <param name="Context">The prompt.</param>
/// <param name="Choices">The answer continuations (without the target delimiter).</param>
/// <param name="Gold">Index of the correct choice.</param>
public sealed record MultipleChoiceDocument(string Context, IReadOnlyList<string> Choices, int Gold);

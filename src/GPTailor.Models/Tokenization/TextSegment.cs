namespace GPTailor.Models;

/// <summary>A piece of input text: either plain text (<see cref="AddedToken"/> null) or one added token.</summary>
internal readonly record struct TextSegment(string Text, int Offset, AddedTokenDefinition? AddedToken);

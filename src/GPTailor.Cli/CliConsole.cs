namespace GPTailor.Cli;

/// <summary>Where commands write: results to <see cref="Out"/>, messages and progress to <see cref="Error"/>.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);

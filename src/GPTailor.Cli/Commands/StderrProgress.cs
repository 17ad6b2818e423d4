namespace GPTailor.Cli;

/// <summary>Writes progress messages to stderr synchronously, in order (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
internal sealed class StderrProgress(CliConsole console) : IProgress<string>
{
    public void Report(string value) => console.Error.WriteLine(value);
}

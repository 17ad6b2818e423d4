using System.CommandLine;

namespace GPTailor.Cli.Commands;

/// <summary>The commands of the search, baselines and demo features.</summary>
internal static class ExtraCommands
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return [ImportanceCommand.Create(console), PruneCommand.Create(console)];
    }
}

namespace GPTailor.Cli;

/// <summary>The commands of the search, baselines and demo features.</summary>
internal static class ExtraCommands
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return [SearchCommand.Create(console), ImportanceCommand.Create(console), PruneCommand.Create(console), DemoCommand.Create(console), WorkerCommand.Create(console)];
    }
}

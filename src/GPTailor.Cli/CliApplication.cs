namespace GPTailor.Cli;

/// <summary>The <c>gptailor</c> command line: parse, compose through DI, print.</summary>
public static class CliApplication
{
    private static readonly HashSet<string> TorchCommands = new(["score", "search", "apply", "eval", "importance", "prune", "demo"], StringComparer.Ordinal);

    /// <summary>Runs the command line; returns the exit code (0 success, 1 user or data error, 2 usage error, 130 cancelled).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        TorchRuntime.Initialize();
        var console = stdout is null && stderr is null ? CliConsole.ForProcess() : new CliConsole(stdout ?? Console.Out, stderr ?? Console.Error);
        var root = new RootCommand("gptailor: prune LLMs by cutting and stitching layers across a family of fine-tunes (GPTailor).")
        {
            InspectCommand.Create(console),
            ScoreCommand.Create(console),
            ValidateCommand.Create(console),
            ApplyCommand.Create(console),
            EvalCommand.Create(console),
        };
        foreach (var extra in ExtraCommands.Create(console))
        {
            root.Subcommands.Add(extra);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine("error: " + error.Message);
            }

            console.Error.WriteLine("Run 'gptailor --help' for usage.");
            return 2;
        }

        // Commands that compute load TorchSharp's native library now, before any work: a missing libtorch backend and a
        // libstdc++ that is too old get their own one-line error naming the fix (not a TypeInitializationException later).
        if (TorchCommands.Contains(parse.CommandResult.Command.Name) && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            try
            {
                TorchRuntime.EnsureNativeBackend();
            }
            catch (NativeBackendException ex)
            {
                console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += handler;
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }
}

namespace GPTailor.Cli;

/// <summary>Runs a command body, turning user and data errors into one-line messages on stderr (no stack traces).</summary>
internal static class CliErrors
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("cancelled.");
            return 130;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    public static int Run(CliConsole console, Func<int> body) => RunAsync(console, () => Task.FromResult(body())).GetAwaiter().GetResult();

    private static bool IsUserError(Exception ex) => ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
        or SafetensorsFormatException or UnsupportedCheckpointException or UnsupportedModelException or TokenizerFormatException
        or PlanValidationException or TaskFormatException or FamilyCompatibilityException or ExportException or SearchFailedException
        or DeviceUnavailableException or NativeBackendException or NonFiniteScoreException or EvaluatorUnavailableException or InvalidDataException or ArgumentException or FormatException or KeyNotFoundException or IOException;
}

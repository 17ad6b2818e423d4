namespace GPTailor.Distributed;

/// <summary>How a worker process that the driver started ended.</summary>
/// <param name="Name">The worker's name as the driver shows it, e.g. <c>worker 1</c>.</param>
/// <param name="ExitCode">Its exit code (null when it could not be read).</param>
/// <param name="LastErrorLine">The last line it wrote to stderr (usually why it stopped); null when it wrote none.</param>
public sealed record WorkerProcessExit(string Name, int? ExitCode, string? LastErrorLine)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} exited with code {(ExitCode is int code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}"
        + (LastErrorLine is null ? " (it wrote nothing to stderr)" : $" (its last stderr line: {LastErrorLine})");
}

/// <summary>
/// The worker processes that the driver started itself, when they are the only workers that can join its cluster
/// (local workers without a membership store). Once none of them runs and no worker is alive, no worker can come: a
/// <see cref="WorkerPool"/> stops at once with <see cref="WorkerProcessesExitedException"/> instead of waiting for one.
/// </summary>
public interface IWorkerProcesses
{
    /// <summary>How many of the processes are still running.</summary>
    int Running { get; }

    /// <summary>How each process that has exited ended, in start order.</summary>
    IReadOnlyList<WorkerProcessExit> Exits { get; }
}

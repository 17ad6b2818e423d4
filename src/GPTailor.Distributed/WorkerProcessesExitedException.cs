namespace GPTailor.Distributed;

/// <summary>
/// Every worker process that the driver started has exited and no worker is alive, so none can take a trial (for
/// example each failed to load the family or to use its device). Raised as soon as the last one has exited, without
/// waiting for <see cref="WorkerClusterOptions.WorkerWaitTimeout"/>; <see cref="Exits"/> says how each ended.
/// </summary>
public sealed class WorkerProcessesExitedException : NoWorkerAvailableException
{
    /// <summary>Creates the exception from how the processes ended.</summary>
    /// <param name="exits">How each worker process ended.</param>
    public WorkerProcessesExitedException(IReadOnlyList<WorkerProcessExit> exits)
        : base(Describe(exits))
    {
        Exits = [.. exits];
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkerProcessesExitedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public WorkerProcessesExitedException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public WorkerProcessesExitedException() : base("Every worker process has exited.") { }

    /// <summary>How each worker process ended, in start order.</summary>
    public IReadOnlyList<WorkerProcessExit> Exits { get; } = [];

    private static string Describe(IReadOnlyList<WorkerProcessExit> exits)
    {
        ArgumentNullException.ThrowIfNull(exits);
        return $"All {exits.Count} worker process{(exits.Count == 1 ? string.Empty : "es")} exited and no worker is alive: "
            + string.Join("; ", exits) + ". Fix the cause and resume the search with --resume.";
    }
}

namespace GPTailor.Distributed;

/// <summary>
/// No worker can evaluate the trial: none joined or is left alive within the wait, every worker was refused (another
/// family or cluster secret), or the trial failed on every worker it was tried on. The search stops; its journal is kept
/// and <c>--resume</c> continues once workers are back. <see cref="WorkerProcessesExitedException"/> is the case where
/// every worker process the driver started has exited.
/// </summary>
public class NoWorkerAvailableException : EvaluatorUnavailableException
{
    /// <summary>Creates the exception with a message.</summary>
    public NoWorkerAvailableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public NoWorkerAvailableException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public NoWorkerAvailableException() : base("No worker is available.") { }
}

namespace GPTailor.Distributed;

/// <summary>A trial's evaluation threw on the worker (the plan's fault, recorded as a failed trial); the message is the worker's <c>Type: message</c>.</summary>
public sealed class WorkerTrialException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public WorkerTrialException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public WorkerTrialException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public WorkerTrialException() : base("The trial failed on a worker.") { }
}

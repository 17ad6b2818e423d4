namespace GPTailor;

/// <summary>
/// The evaluator cannot evaluate any plan now (for example, no worker of a distributed evaluator is left): the fault is
/// the evaluator's, not the plan's. <see cref="SearchDriver"/> does not record such a trial as failed; the search stops
/// with this exception, the journal keeps every finished trial, and a resumed run evaluates the trial again.
/// </summary>
public class EvaluatorUnavailableException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public EvaluatorUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public EvaluatorUnavailableException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public EvaluatorUnavailableException() : base("The evaluator is not available.") { }
}

namespace GPTailor;

/// <summary>
/// A task's score could not be computed as a finite number: the model produced a NaN or infinite log-likelihood (for
/// example a candidate whose merged weights hold NaN), or no token was predicted. The evaluation of that plan fails; a
/// search records the trial as failed and goes on.
/// </summary>
public sealed class NonFiniteScoreException : Exception
{
    /// <summary>Creates the exception naming the task and the document (0-based, in the task file's order).</summary>
    /// <param name="task">The task name (null when not known).</param>
    /// <param name="document">The document's 0-based index in the task (−1 when no single document is to blame).</param>
    /// <param name="detail">What is not finite, e.g. <c>the log-likelihood of choice 2 is NaN</c>.</param>
    public NonFiniteScoreException(string? task, int document, string detail)
        : base(Describe(task, document, detail))
    {
        Task = task;
        Document = document;
    }

    /// <summary>Creates the exception with a message.</summary>
    public NonFiniteScoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public NonFiniteScoreException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public NonFiniteScoreException() : base("A score is not a finite number.") { }

    /// <summary>The task whose score is not finite, when known.</summary>
    public string? Task { get; }

    /// <summary>The 0-based index of the first document whose score is not finite; −1 when unknown or not one document.</summary>
    public int Document { get; } = -1;

    private static string Describe(string? task, int document, string detail) => (task, document) switch
    {
        (not null, >= 0) => $"Task '{task}', document {document}: {detail}.",
        (not null, _) => $"Task '{task}': {detail}.",
        (null, >= 0) => $"Document {document}: {detail}.",
        _ => detail + ".",
    };
}

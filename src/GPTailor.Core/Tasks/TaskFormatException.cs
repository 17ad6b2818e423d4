namespace GPTailor;

/// <summary>A task set or task data file is malformed; the message names the file and the line or field.</summary>
public sealed class TaskFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public TaskFormatException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public TaskFormatException() : base("Malformed task file.") { }
}

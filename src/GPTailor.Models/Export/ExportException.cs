namespace GPTailor.Models;

/// <summary>The export cannot proceed (output exists without force, bad dtype); nothing was written.</summary>
public sealed class ExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExportException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    public ExportException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public ExportException() : base("Export failed.") { }
}

namespace GPTailor;

/// <summary>The search could not go on: too many failed trials in a row, or an incompatible run directory.</summary>
public sealed class SearchFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SearchFailedException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public SearchFailedException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public SearchFailedException() : base("The search failed.") { }
}

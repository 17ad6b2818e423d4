namespace GPTailor.Models;

/// <summary>
/// Thrown when a model's configuration names an architecture or option this library does not implement, or
/// describes an invalid model (non-positive sizes, heads not divisible by key/value heads, absurd sizes, ...).
/// The message lists what is supported.
/// </summary>
public sealed class UnsupportedModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnsupportedModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public UnsupportedModelException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

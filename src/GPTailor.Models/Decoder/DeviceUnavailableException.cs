namespace GPTailor.Models;

/// <summary>Thrown when the requested device (e.g. <c>cuda</c>) is not available in this process.</summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeviceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DeviceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

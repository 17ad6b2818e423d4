namespace GPTailor.Models;

/// <summary>
/// Thrown when a tokenizer file (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>, <c>config.json</c> or
/// <c>tokenizer.model</c>) is malformed, too large, or uses a feature this library does not support.
/// </summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception for a file and a reason.</summary>
    /// <param name="filePath">The offending file.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public TokenizerFormatException(string filePath, string reason, Exception? innerException = null)
        : base($"Invalid tokenizer file '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The file that failed validation.</summary>
    public string FilePath { get; }

    /// <summary>The reason, without the file name.</summary>
    public string Reason { get; }
}

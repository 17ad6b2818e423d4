namespace GPTailor.Models;

/// <summary>
/// A safetensors file or a sharded-checkpoint index is malformed or unsafe to use. The message names the file and,
/// where one is involved, the tensor.
/// </summary>
public sealed class SafetensorsFormatException : Exception
{
    /// <summary>Creates the exception for a problem in <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The offending file.</param>
    /// <param name="tensorName">The offending tensor, or null when the problem is not about one tensor.</param>
    /// <param name="reason">What is wrong, as a sentence fragment.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SafetensorsFormatException(string filePath, string? tensorName, string reason, Exception? innerException = null)
        : base(Describe(filePath, tensorName, reason), innerException)
    {
        FilePath = filePath;
        TensorName = tensorName;
        Reason = reason;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }

    /// <summary>The offending tensor, or null when the problem is not about one tensor.</summary>
    public string? TensorName { get; }

    /// <summary>What is wrong, without the file and tensor prefix.</summary>
    public string Reason { get; }

    private static string Describe(string filePath, string? tensorName, string reason) =>
        tensorName is null
            ? $"Invalid safetensors data in '{filePath}': {reason}"
            : $"Invalid safetensors data in '{filePath}', tensor '{tensorName}': {reason}";
}

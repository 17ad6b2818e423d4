namespace GPTailor.Models;

/// <summary>What keeps TorchSharp's native library from loading (see <see cref="NativeBackendException"/>).</summary>
public enum NativeBackendProblem
{
    /// <summary>No libtorch backend package in the application: its native files (<c>libtorch_cpu.so</c>) are absent.</summary>
    MissingBackend,

    /// <summary>The system's libstdc++ is older than the one <c>libLibTorchSharp.so</c> was built against (a <c>GLIBCXX_*</c> or <c>CXXABI_*</c> version is not found).</summary>
    LibStdCxxTooOld,

    /// <summary>Any other load failure; the message carries the native loader's text.</summary>
    LoadFailed,
}

/// <summary>
/// TorchSharp's native library cannot be loaded, found at start-up (<see cref="TorchRuntime.EnsureNativeBackend"/>)
/// before any work starts; the one-line message names the fix (the package to add, or the libstdc++ fix).
/// </summary>
public sealed class NativeBackendException : Exception
{
    /// <summary>Creates the exception (problem <see cref="NativeBackendProblem.LoadFailed"/>).</summary>
    public NativeBackendException()
    {
    }

    /// <summary>Creates the exception with a message (problem <see cref="NativeBackendProblem.LoadFailed"/>).</summary>
    public NativeBackendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception (problem <see cref="NativeBackendProblem.LoadFailed"/>).</summary>
    public NativeBackendException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a classified problem.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="message">One line naming the fix.</param>
    /// <param name="innerException">The loader's exception, if any.</param>
    public NativeBackendException(NativeBackendProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
    }

    /// <summary>What keeps the native library from loading.</summary>
    public NativeBackendProblem Problem { get; } = NativeBackendProblem.LoadFailed;
}

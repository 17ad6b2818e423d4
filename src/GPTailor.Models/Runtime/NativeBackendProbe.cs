using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// The start-up check behind <see cref="TorchRuntime.EnsureNativeBackend"/>: loads TorchSharp's native library
/// (<c>libLibTorchSharp.so</c>, which needs libtorch's <c>libtorch.so</c>, <c>libc10.so</c> and <c>libtorch_cpu.so</c>
/// from a backend package) before any TorchSharp type runs, and tells a missing backend package from a libstdc++ that
/// is too old by the native loader's text and by probing the files that should be there. Without it both surface late,
/// as the same <see cref="TypeInitializationException"/> ("… doesn't contain a reference to libtorch-cpu-linux-x64").
/// </summary>
internal static partial class NativeBackendProbe
{
    /// <summary>TorchSharp's native library.</summary>
    public const string TorchSharpLibrary = "libLibTorchSharp.so";

    /// <summary>The file every libtorch backend package (CPU or CUDA) ships.</summary>
    public const string BackendLibrary = "libtorch_cpu.so";

    /// <summary>The CPU backend package that matches TorchSharp 0.107.</summary>
    public const string CpuPackage = "libtorch-cpu-linux-x64 2.10.x";

    /// <summary>A CUDA backend package that matches TorchSharp 0.107.</summary>
    public const string CudaPackage = "libtorch-cuda-12.8-linux-x64 2.10.x";

    /// <summary>
    /// The directories the runtime searches for native libraries: the host's <c>NATIVE_DLL_SEARCH_DIRECTORIES</c>, then
    /// the application's directory and its <c>runtimes/linux-x64/native</c>, without duplicates.
    /// </summary>
    public static IReadOnlyList<string> SearchDirectories()
    {
        var fromHost = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var baseDirectory = AppContext.BaseDirectory;
        return fromHost.Append(baseDirectory).Append(Path.Combine(baseDirectory, "runtimes", "linux-x64", "native"))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The path of <paramref name="fileName"/> in the first directory that holds it as a file, or null.</summary>
    public static string? Find(IEnumerable<string> directories, string fileName) =>
        directories.Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    /// <summary>Loads TorchSharp's native library found in <paramref name="directories"/> (or by name, as TorchSharp
    /// would, when none holds it); null when it loads, otherwise the classified problem.</summary>
    public static NativeBackendException? TryLoad(IReadOnlyList<string> directories)
    {
        var library = Find(directories, TorchSharpLibrary);
        try
        {
            _ = library is null ? NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null) : NativeLibrary.Load(library);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return Diagnose(ex.Message, library, directories, ex);
        }
    }

    /// <summary>
    /// Classifies a failed load from the native loader's text and the files present: a <c>GLIBCXX_*</c>/<c>CXXABI_*</c>
    /// version "not found" is <see cref="NativeBackendProblem.LibStdCxxTooOld"/>; a libtorch library that "cannot open
    /// shared object file", or no <see cref="BackendLibrary"/> in any search directory, is
    /// <see cref="NativeBackendProblem.MissingBackend"/>; anything else is <see cref="NativeBackendProblem.LoadFailed"/>.
    /// </summary>
    /// <param name="loaderMessage">The loader's message (the <see cref="DllNotFoundException"/> text, which holds <c>dlerror</c>'s).</param>
    /// <param name="library">The TorchSharp library that was loaded, or null when none was found.</param>
    /// <param name="directories">The native search directories.</param>
    /// <param name="inner">The loader's exception.</param>
    public static NativeBackendException Diagnose(string loaderMessage, string? library, IReadOnlyList<string> directories, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(loaderMessage);
        ArgumentNullException.ThrowIfNull(directories);
        var loader = LoaderLine(loaderMessage);
        var what = library ?? TorchSharpLibrary;
        if (LibStdCxxVersion().Match(loaderMessage) is { Success: true } version)
        {
            var tag = version.Groups["tag"].Value;
            var systemLibrary = version.Groups["lib"].Success ? $" ({version.Groups["lib"].Value})" : string.Empty;
            var fix = tag == "GLIBCXX_3.4.32"
                ? "rebuild the application with GPTailor.Models' load fix on (it marks that version need weak in the build output; " +
                  "it is off with <GPTailorPatchLibTorchSharp>false</GPTailorPatchLibTorchSharp> or when GPTailor.Models' build files are not imported), " +
                  "or install libstdc++ from GCC 13 or newer"
                : "install a libstdc++ that provides it (a newer GCC runtime)";
            return new NativeBackendException(
                NativeBackendProblem.LibStdCxxTooOld,
                $"TorchSharp's native library {what} needs {tag}, which this system's libstdc++{systemLibrary} lacks: {fix}. (loader: {loader})",
                inner);
        }

        var backend = Find(directories, BackendLibrary);
        if (MissingLibTorch().IsMatch(loaderMessage) || backend is null)
        {
            var where = library is null ? "in the application's native folders" : $"next to {library}";
            return new NativeBackendException(
                NativeBackendProblem.MissingBackend,
                $"No libtorch backend: {BackendLibrary} is not {where}. Add the package {CpuPackage} to the application " +
                $"(or {CudaPackage} for CUDA 12; TorchSharp 0.107 needs libtorch 2.10) and rebuild. (loader: {loader})",
                inner);
        }

        return new NativeBackendException(NativeBackendProblem.LoadFailed, $"TorchSharp's native library {what} does not load: {loader}", inner);
    }

    /// <summary>The loader's own line of a multi-line runtime message (the one naming the failure), else its last non-empty line.</summary>
    private static string LoaderLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.Contains("not found", StringComparison.Ordinal) || l.Contains("cannot open", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "(no message)";
    }

    [GeneratedRegex(@"(?:(?<lib>/\S*libstdc\+\+\S*): )?version [`'](?<tag>(?:GLIBCXX|CXXABI)_[0-9.]+)' not found", RegexOptions.CultureInvariant)]
    private static partial Regex LibStdCxxVersion();

    [GeneratedRegex(@"lib(?:torch|torch_cpu|torch_cuda|c10|c10_cuda)\.so: cannot open shared object file", RegexOptions.CultureInvariant)]
    private static partial Regex MissingLibTorch();
}

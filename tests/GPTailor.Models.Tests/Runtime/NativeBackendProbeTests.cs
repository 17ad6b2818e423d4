using System.Reflection;
using System.Text;

namespace GPTailor.Models.Tests;

/// <summary>
/// The start-up check of TorchSharp's native library tells a missing libtorch backend package from a libstdc++ that is
/// too old. The classification is tested on the native loader's real texts (captured on Debian 12 from <c>dlopen</c>)
/// and on fake native folders; the real loader is tested on a private folder holding TorchSharp's original (unpatched)
/// library beside links to the real backend, which fails on a system without <c>GLIBCXX_3.4.32</c>.
/// </summary>
public sealed class NativeBackendProbeTests : IDisposable
{
    // dlerror texts as the .NET runtime reports them (DllNotFoundException.Message), captured on Debian 12.
    private const string GlibcxxMessage =
        "Unable to load shared library '/app/runtimes/linux-x64/native/libLibTorchSharp.so' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
        "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)";

    private const string MissingLibTorchMessage =
        "Unable to load shared library '/app/runtimes/linux-x64/native/libLibTorchSharp.so' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
        "libtorch.so: cannot open shared object file: No such file or directory";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void GlibcxxVersionNotFoundIsLibStdCxxTooOldAndNamesTheLoadFix()
    {
        var native = FakeNativeFolder("ok", "libLibTorchSharp.so", "libtorch.so", "libtorch_cpu.so", "libc10.so");
        var problem = NativeBackendProbe.Diagnose(GlibcxxMessage, Path.Combine(native, "libLibTorchSharp.so"), [native]);
        Assert.Equal(NativeBackendProblem.LibStdCxxTooOld, problem.Problem);
        Assert.DoesNotContain('\n', problem.Message);
        Assert.Contains("needs GLIBCXX_3.4.32", problem.Message, StringComparison.Ordinal);
        Assert.Contains("(/lib/x86_64-linux-gnu/libstdc++.so.6)", problem.Message, StringComparison.Ordinal);
        Assert.Contains("GPTailorPatchLibTorchSharp", problem.Message, StringComparison.Ordinal);
        Assert.Contains("GCC 13 or newer", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewerGlibcxxThanThePatchCoversAsksForANewerLibStdCxxOnly()
    {
        var native = FakeNativeFolder("ok", "libLibTorchSharp.so", "libtorch_cpu.so");
        var problem = NativeBackendProbe.Diagnose(GlibcxxMessage.Replace("3.4.32", "3.4.33", StringComparison.Ordinal), null, [native]);
        Assert.Equal(NativeBackendProblem.LibStdCxxTooOld, problem.Problem);
        Assert.Contains("needs GLIBCXX_3.4.33", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GPTailorPatchLibTorchSharp", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibTorchThatCannotBeOpenedIsAMissingBackendAndNamesThePackages()
    {
        var native = FakeNativeFolder("nobackend", "libLibTorchSharp.so");
        var library = Path.Combine(native, "libLibTorchSharp.so");
        var problem = NativeBackendProbe.Diagnose(MissingLibTorchMessage, library, [native]);
        Assert.Equal(NativeBackendProblem.MissingBackend, problem.Problem);
        Assert.DoesNotContain('\n', problem.Message);
        Assert.Contains("libtorch-cpu-linux-x64 2.10.x", problem.Message, StringComparison.Ordinal);
        Assert.Contains("libtorch-cuda-12.8-linux-x64 2.10.x", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"libtorch_cpu.so is not next to {library}", problem.Message, StringComparison.Ordinal);
        Assert.Contains("(loader: libtorch.so: cannot open shared object file", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyFailureWithoutBackendFilesIsAMissingBackendAndWithThemALoadFailure()
    {
        const string other = "Unable to load shared library 'LibTorchSharp' or one of its dependencies.\n/x/libLibTorchSharp.so: file too short";
        var without = FakeNativeFolder("without", "libLibTorchSharp.so");
        Assert.Equal(NativeBackendProblem.MissingBackend, NativeBackendProbe.Diagnose(other, null, [without]).Problem);

        var with = FakeNativeFolder("with", "libLibTorchSharp.so", "libtorch_cpu.so");
        var failed = NativeBackendProbe.Diagnose(other, null, [without, with]);
        Assert.Equal(NativeBackendProblem.LoadFailed, failed.Problem);
        Assert.EndsWith("does not load: /x/libLibTorchSharp.so: file too short", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindTakesTheFirstFolderHoldingTheFileAndIgnoresDirectoriesOfThatName()
    {
        var first = FakeNativeFolder("a");
        Directory.CreateDirectory(Path.Combine(first, "libtorch_cpu.so"));
        var second = FakeNativeFolder("b", "libtorch_cpu.so");
        var third = FakeNativeFolder("c", "libtorch_cpu.so");
        Assert.Equal(Path.Combine(second, "libtorch_cpu.so"), NativeBackendProbe.Find([first, second, third], "libtorch_cpu.so"));
        Assert.Null(NativeBackendProbe.Find([first], "libtorch_cpu.so"));
    }

    [Fact]
    public void TheTestHostsOwnNativeFolderLoadsAndIsSearched()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var directories = NativeBackendProbe.SearchDirectories();
        Assert.NotNull(NativeBackendProbe.Find(directories, "libtorch_cpu.so"));
        Assert.Null(NativeBackendProbe.TryLoad(directories));
        TorchRuntime.EnsureNativeBackend();
    }

    [Fact]
    public void TheOriginalLibraryFailsWithLibStdCxxTooOldExactlyWhenTheSystemLacksGlibcxx3432()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // A private folder as a build output without the load fix: TorchSharp's original library, the real backend linked beside it.
        var backend = NativeBackendProbe.Find(NativeBackendProbe.SearchDirectories(), "libtorch_cpu.so")!;
        var native = Directory.CreateDirectory(_dir.File("unpatched")).FullName;
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(backend)!).Where(f => Path.GetFileName(f) != "libLibTorchSharp.so"))
        {
            File.CreateSymbolicLink(Path.Combine(native, Path.GetFileName(file)), file);
        }

        File.Copy(OriginalLibrary(), Path.Combine(native, "libLibTorchSharp.so"));
        var problem = NativeBackendProbe.TryLoad([native]);
        if (SystemLibStdCxxHas("GLIBCXX_3.4.32"))
        {
            Assert.Null(problem);
            return;
        }

        Assert.NotNull(problem);
        Assert.Equal(NativeBackendProblem.LibStdCxxTooOld, problem.Problem);
        Assert.Contains("needs GLIBCXX_3.4.32", problem.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(native, "libLibTorchSharp.so"), problem.Message, StringComparison.Ordinal);
    }

    private string FakeNativeFolder(string name, params string[] files)
    {
        var directory = Directory.CreateDirectory(_dir.File(name)).FullName;
        foreach (var file in files)
        {
            File.WriteAllBytes(Path.Combine(directory, file), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        }

        return directory;
    }

    /// <summary>Whether the libstdc++ this process runs with defines <paramref name="version"/> (its bytes hold the tag).</summary>
    private static bool SystemLibStdCxxHas(string version)
    {
        var path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && parts[5].Contains("libstdc++.so", StringComparison.Ordinal))
            .Select(parts => parts[5]).First();
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }

    private static string OriginalLibrary()
    {
        var root = Path.Combine(typeof(NativeBackendProbeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!, "torchsharp");
        return Directory.GetDirectories(root, "0.107.*")
            .Select(d => Path.Combine(d, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"))
            .First(File.Exists);
    }
}

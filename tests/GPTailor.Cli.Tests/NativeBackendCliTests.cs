using System.Reflection;

namespace GPTailor.Cli.Tests;

/// <summary>
/// The tool checks TorchSharp's native library at start-up, before any work: a copy of the tool whose output lacks the
/// libtorch backend, and one whose <c>libLibTorchSharp.so</c> is TorchSharp's original (no load fix), each exit 1 with
/// one line naming the fix. Before the check both failed late with the same TypeInitializationException ("… doesn't
/// contain a reference to libtorch-cpu-linux-x64"). The copies are the tool's managed files (about 6 MB) with links to
/// the real native libraries.
/// </summary>
public sealed class NativeBackendCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AnOutputWithoutTheLibTorchBackendIsRefusedAtStartNamingThePackage()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var tool = CopyTool("nobackend", name => !name.StartsWith("libtorch", StringComparison.Ordinal) && !name.StartsWith("libc10", StringComparison.Ordinal));
        var (code, stdout, stderr) = CliRunner.RunTool(tool, "score", "--model", _dir.File("missing-model"), "--data", _dir.File("missing.jsonl"));
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: No libtorch backend: libtorch_cpu.so is not next to ", line, StringComparison.Ordinal);
        Assert.Contains("Add the package libtorch-cpu-linux-x64 2.10.x", line, StringComparison.Ordinal);
        Assert.DoesNotContain("missing-model", line, StringComparison.Ordinal); // refused before the command's own work
    }

    [Fact]
    public void AnOutputWithTheUnpatchedLibraryIsRefusedAtStartNamingTheLibStdCxxFix()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var tool = CopyTool("unpatched", name => name != "libLibTorchSharp.so");
        var native = Path.Combine(Path.GetDirectoryName(tool)!, "runtimes", "linux-x64", "native");
        File.Copy(OriginalLibrary(), Path.Combine(native, "libLibTorchSharp.so"));
        var (code, _, stderr) = CliRunner.RunTool(tool, "score", "--model", _dir.File("missing-model"), "--data", _dir.File("missing.jsonl"));
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        if (SystemLibStdCxxHas("GLIBCXX_3.4.32"))
        {
            Assert.Contains("missing-model", line, StringComparison.Ordinal); // loads: the command ran and failed on its input
            return;
        }

        Assert.StartsWith("error: TorchSharp's native library ", line, StringComparison.Ordinal);
        Assert.Contains("needs GLIBCXX_3.4.32, which this system's libstdc++", line, StringComparison.Ordinal);
        Assert.Contains("GPTailorPatchLibTorchSharp", line, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandsThatDoNotComputeAndHelpRunWithoutTheBackend()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var tool = CopyTool("nobackend-help", name => !name.StartsWith("libtorch", StringComparison.Ordinal));
        var (code, stdout, _) = CliRunner.RunTool(tool, "score", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--model", stdout, StringComparison.Ordinal);
        var (validate, _, error) = CliRunner.RunTool(tool, "validate", "--family", _dir.File("missing.json"));
        Assert.Equal(1, validate);
        Assert.Contains("missing.json", error, StringComparison.Ordinal);
    }

    /// <summary>Copies the tool's files and links its native libraries that <paramref name="keepNative"/> keeps; returns the copy's gptailor.dll.</summary>
    private string CopyTool(string name, Func<string, bool> keepNative)
    {
        var source = Path.GetDirectoryName(CliRunner.ToolPath)!;
        var target = Directory.CreateDirectory(_dir.File(name)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var native = Directory.CreateDirectory(Path.Combine(target, "runtimes", "linux-x64", "native")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(source, "runtimes", "linux-x64", "native")).Where(f => keepNative(Path.GetFileName(f))))
        {
            File.CreateSymbolicLink(Path.Combine(native, Path.GetFileName(file)), file);
        }

        return Path.Combine(target, Path.GetFileName(CliRunner.ToolPath));
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        var path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && parts[5].Contains("libstdc++.so", StringComparison.Ordinal))
            .Select(parts => parts[5]).First();
        return File.ReadAllBytes(path).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(version + "\0")) >= 0;
    }

    private static string OriginalLibrary()
    {
        var root = Path.Combine(typeof(NativeBackendCliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!, "torchsharp");
        return Directory.GetDirectories(root, "0.107.*")
            .Select(d => Path.Combine(d, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"))
            .First(File.Exists);
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;

namespace GPTailor.Models.Tests;

/// <summary>
/// The TorchSharp load fix (buildTransitive/GPTailor.Models.targets) patches the build output's libLibTorchSharp.so.
/// With MSBuild's hard-link copies on, that output file is a hard link to the shared NuGet package folder's file: the
/// fix must replace the output file (new file + rename), never write through the link. The test runs the real target
/// file under <c>dotnet msbuild</c> on a private copy of TorchSharp's original library standing in for the package
/// folder, hard-linked into an output folder by MSBuild's own Copy task with <c>UseHardlinksIfPossible</c>.
/// </summary>
public sealed class LoadFixHardLinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PatchReplacesAHardLinkedOutputFileAndLeavesThePackageFolderUnchanged()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var original = OriginalLibrary();
        var cacheDir = Directory.CreateDirectory(_dir.File("packages/torchsharp/runtimes/linux-x64/native")).FullName;
        var cached = Path.Combine(cacheDir, "libLibTorchSharp.so");
        File.Copy(original, cached);
        File.SetUnixFileMode(cached, File.GetUnixFileMode(original));
        var cachedHash = Hash(cached);
        var output = _dir.File("bin/runtimes/linux-x64/native/libLibTorchSharp.so");

        var project = _dir.Write("consumer.proj", $$"""
            <Project>
              <Import Project="{{Metadata("GPTailorModelsTargets")}}" />
              <Target Name="CopyLinked">
                <Copy SourceFiles="{{cached}}" DestinationFolder="{{Path.GetDirectoryName(output)}}" UseHardlinksIfPossible="true" />
              </Target>
              <Target Name="Patch">
                <GPTailorWeakenElfVersionNeed Files="{{output}}" VersionName="GLIBCXX_3.4.32" />
              </Target>
            </Project>
            """);

        MsBuild(project, "CopyLinked");
        Assert.Equal(Inode(cached), Inode(output));
        Assert.Equal("2", Stat(cached, "%h"));

        MsBuild(project, "Patch");
        Assert.Equal(cachedHash, Hash(cached));
        Assert.Equal("1", Stat(cached, "%h"));
        Assert.NotEqual(Inode(cached), Inode(output));
        var before = File.ReadAllBytes(cached);
        var after = File.ReadAllBytes(output);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(1, before.Zip(after).Count(p => p.First != p.Second));
        Assert.Equal(File.GetUnixFileMode(cached), File.GetUnixFileMode(output));
        Assert.Equal([output], Directory.GetFiles(Path.GetDirectoryName(output)!));

        var patchedHash = Hash(output);
        MsBuild(project, "Patch");
        Assert.Equal(patchedHash, Hash(output));
        Assert.Equal(cachedHash, Hash(cached));
    }

    private static string OriginalLibrary()
    {
        var root = Path.Combine(Metadata("NuGetPackageRoot"), "torchsharp");
        var found = Directory.GetDirectories(root, "0.107.*")
            .Select(d => Path.Combine(d, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"))
            .FirstOrDefault(File.Exists);
        return found ?? throw new FileNotFoundException($"TorchSharp's libLibTorchSharp.so is not under '{root}'.");
    }

    private static string Metadata(string key) => typeof(LoadFixHardLinkTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Inode(string path) => Stat(path, "%i");

    private static string Stat(string path, string format) => Run("stat", "-c", format, path).Trim();

    private static void MsBuild(string project, string target) =>
        Run("dotnet", "msbuild", project, "-t:" + target, "-nologo", "-v:m", "-nodeReuse:false");

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"{file} {string.Join(' ', args)} timed out");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}

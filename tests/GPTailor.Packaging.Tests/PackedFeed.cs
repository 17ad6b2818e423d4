using System.Reflection;
using System.Text.Json.Nodes;

namespace GPTailor.Packaging.Tests;

/// <summary>
/// The repository's packable projects packed once, by `dotnet pack`, into a temporary feed outside the repository,
/// under a version of their own (so neither the NuGet cache nor another run can hand a test other bits).
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>The library packages, in dependency order.</summary>
    public static readonly string[] Libraries = ["GPTailor.Core", "GPTailor.Datasets", "GPTailor.Search", "GPTailor.Models", "GPTailor.Workflows", "GPTailor.Distributed"];

    /// <summary>The tool's pointer package and its one runtime-specific package.</summary>
    public static readonly string[] Tool = ["GPTailor.Cli", "GPTailor.Cli.linux-x64"];

    /// <summary>Packs every packable project (one build, outputs under the work directory).</summary>
    public PackedFeed()
    {
        Repository = typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GPTailorRepositoryRoot").Value!;
        Version = $"0.1.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Work = Path.Combine(Path.GetTempPath(), "gptailor-packaging-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Work, "feed");
        Directory.CreateDirectory(Work);
        if (IsUnder(Work, Repository))
        {
            throw new InvalidOperationException($"The work directory {Work} must be outside the repository {Repository}.");
        }

        // A solution filter packs the projects in one build. --artifacts-path puts every bin/ and obj/ under the work
        // directory, so the repository's own build outputs (which other test projects run from) stay untouched.
        var filter = Path.Combine(Work, "packable.slnf");
        var projects = new JsonArray(Libraries.Append("GPTailor.Cli").Select(id => (JsonNode)$"src/{id}/{id}.csproj").ToArray());
        File.WriteAllText(filter, new JsonObject
        {
            ["solution"] = new JsonObject { ["path"] = Path.Combine(Repository, "GPTailor.Core.sln"), ["projects"] = projects },
        }.ToJsonString());
        var (exit, output) = DotnetProcess.Run(Work, TimeSpan.FromMinutes(8),
            "pack", filter, "-c", "Release", "--artifacts-path", Path.Combine(Work, "artifacts"), "-nodeReuse:false",
            $"-p:Version={Version}", $"-p:PackageOutputPath={Feed}", "-p:ContinuousIntegrationBuild=true");
        PackOutput = output;
        PackExitCode = exit;
    }

    /// <summary>The repository root.</summary>
    public string Repository { get; }

    /// <summary>The version every package got.</summary>
    public string Version { get; }

    /// <summary>A temporary directory outside the repository, deleted at the end.</summary>
    public string Work { get; }

    /// <summary>The folder the packages were written to (a local NuGet feed).</summary>
    public string Feed { get; }

    /// <summary>Exit code of `dotnet pack`.</summary>
    public int PackExitCode { get; }

    /// <summary>The end of `dotnet pack`'s output.</summary>
    public string PackOutput { get; }

    /// <summary>Path of a package of this version in the feed.</summary>
    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="directory"/>.</summary>
    public static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(directory).TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>Deletes the work directory and the test-only versions that restores extracted into the global packages folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
        }

        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Libraries.Concat(Tool))
        {
            var idFolder = Path.Combine(globalPackages, id.ToLowerInvariant());
            var folder = Path.Combine(idFolder, Version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                Directory.Delete(idFolder);
            }
        }
    }
}

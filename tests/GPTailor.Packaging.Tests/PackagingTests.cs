using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GPTailor.Packaging.Tests;

/// <summary>
/// The NuGet packages as a user gets them: `dotnet pack` of the libraries into a temporary feed, then a console app
/// outside the repository that references them from that feed, builds and runs a search.
/// </summary>
public sealed partial class PackagingTests : IDisposable
{
    private const string RepositoryUrl = "https://github.com/gptailor/gptailor-dotnet";
    private const string SourceLinkPrefix = "https://raw.githubusercontent.com/gptailor/gptailor-dotnet/";
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly string[] Libraries = ["GPTailor.Core", "GPTailor.Search", "GPTailor.Models", "GPTailor.Workflows"];

    private readonly string _repository;
    private readonly string _work;
    private readonly string _version;

    public PackagingTests()
    {
        _repository = typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GPTailorRepositoryRoot").Value!;
        // A version of our own, so that neither the NuGet cache nor another run can hand us other bits.
        _version = $"0.1.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        _work = Path.Combine(Path.GetTempPath(), "gptailor-packaging-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_work);
        Assert.False(IsUnder(_work, _repository), "the work directory must be outside the repository");
    }

    [Fact]
    public void Libraries_pack_with_symbols_and_readmes_and_an_app_outside_the_repository_searches_with_them()
    {
        var feed = Path.Combine(_work, "feed");
        Pack(feed);

        foreach (var id in Libraries)
        {
            CheckPackage(feed, id);
            CheckSymbols(feed, id);
        }

        var models = Nuspec(feed, "GPTailor.Models");
        Assert.Equal("[0.107.0, 0.108.0)", Dependency(models, "TorchSharp"));
        Assert.Equal(_version, Dependency(models, "GPTailor.Core"));

        var output = BuildAndRunConsumer(feed);
        Assert.Contains($"consumer: GPTailor.Core {_version}+", output);
        Assert.Matches(@"consumer: best plan keeps 3 of 4 layers, removed \[[0-3]\]", output);
        Assert.Matches(@"consumer: score ppl -?\d+\.\d{4}", output);
        Assert.Contains("\"layers\"", output);
    }

    private void Pack(string feed)
    {
        // A solution filter packs the four libraries in one build; outputs go under the work directory
        // (--artifacts-path), so the repository's own bin/ and obj/ stay as the solution build left them.
        var filter = Path.Combine(_work, "libraries.slnf");
        var projects = new JsonArray(Libraries.Select(id => (JsonNode)$"src/{id}/{id}.csproj").ToArray());
        File.WriteAllText(filter, new JsonObject
        {
            ["solution"] = new JsonObject { ["path"] = Path.Combine(_repository, "GPTailor.Core.sln"), ["projects"] = projects },
        }.ToJsonString());
        var (exit, output) = DotnetProcess.Run(_work, TimeSpan.FromMinutes(6),
            "pack", filter, "-c", "Release", "--artifacts-path", Path.Combine(_work, "artifacts"), "-nodeReuse:false",
            $"-p:Version={_version}", $"-p:PackageOutputPath={feed}", "-p:ContinuousIntegrationBuild=true");
        Assert.True(exit == 0, "dotnet pack failed:\n" + output);
    }

    private void CheckPackage(string feed, string id)
    {
        var path = Path.Combine(feed, $"{id}.{_version}.nupkg");
        Assert.True(File.Exists(path), $"{path} was not produced");
        using var zip = ZipFile.OpenRead(path);
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.dll"));
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.xml"));

        var metadata = Nuspec(feed, id);
        Assert.Equal("README.md", Element(metadata, "readme"));
        Assert.Equal(RepositoryUrl, Element(metadata, "projectUrl"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal(RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");

        // The package's own short README, not the repository's: its title is the package, and every link is absolute
        // (relative links break on nuget.org).
        var readme = ReadEntry(zip, "README.md");
        Assert.StartsWith($"# {id}", readme);
        Assert.True(readme.Length < 4000, $"{id}'s README is {readme.Length} characters; the package README should be short");
        Assert.Contains("dotnet add package " + id, readme);
        Assert.Contains(RepositoryUrl, readme);
        foreach (Match link in MarkdownLink().Matches(readme))
        {
            Assert.StartsWith("https://", link.Groups[1].Value);
        }
    }

    private void CheckSymbols(string feed, string id)
    {
        var path = Path.Combine(feed, $"{id}.{_version}.snupkg");
        Assert.True(File.Exists(path), $"{path} was not produced");
        using var zip = ZipFile.OpenRead(path);
        var pdb = zip.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdb);
        using var buffer = new MemoryStream();
        using (var stream = pdb.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(buffer);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.True(sourceLink is not null, $"{id}.pdb has no Source Link");
        var documents = JsonNode.Parse(sourceLink)!["documents"]!.AsObject();
        Assert.Contains(documents, d => d.Value!.GetValue<string>().StartsWith(SourceLinkPrefix, StringComparison.Ordinal));
    }

    private string BuildAndRunConsumer(string feed)
    {
        var app = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(app);
        // Stop MSBuild's upward search for Directory.*.props/targets: the app stands alone like a user's.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(app, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(app, "nuget.config"), ConsumerNuGetConfig(feed).ToString());
        var versions = CentralVersions();
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("Nullable", "enable"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("TreatWarningsAsErrors", "true")),
            new XElement("ItemGroup",
                PackageReference("GPTailor.Core", _version),
                PackageReference("GPTailor.Search", _version),
                PackageReference("GPTailor.Models", _version),
                PackageReference("libtorch-cpu-linux-x64", versions["libtorch-cpu-linux-x64"]),
                PackageReference("Microsoft.Extensions.DependencyInjection", versions["Microsoft.Extensions.DependencyInjection"]))).ToString());
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", "Program.cs"), Path.Combine(app, "Program.cs"));

        var (built, buildOutput) = DotnetProcess.Run(app, TimeSpan.FromMinutes(4), "build", "-c", "Release", "-nodeReuse:false");
        Assert.True(built == 0, "the consumer app did not build:\n" + buildOutput);

        var (ran, output) = DotnetProcess.Run(app, TimeSpan.FromMinutes(3), Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll"), Path.Combine(_work, "run"));
        Assert.True(ran == 0, "the consumer app failed:\n" + output);
        return output;
    }

    /// <summary>The temporary feed first, then the package sources the repository itself restores from.</summary>
    private XDocument ConsumerNuGetConfig(string feed)
    {
        var repositoryConfig = XDocument.Load(Path.Combine(_repository, "nuget.config"));
        var sources = new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "gptailor-ci"), new XAttribute("value", feed)));
        foreach (var add in repositoryConfig.Descendants("packageSources").Elements("add"))
        {
            sources.Add(new XElement(add));
        }

        return new XDocument(new XElement("configuration", sources));
    }

    /// <summary>Package versions from the repository's Directory.Packages.props, so the app uses what the repo pins.</summary>
    private Dictionary<string, string> CentralVersions() =>
        XDocument.Load(Path.Combine(_repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);

    private static XElement PackageReference(string id, string version) =>
        new("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version));

    private XElement Nuspec(string feed, string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.nupkg"));
        var nuspec = XDocument.Parse(ReadEntry(zip, id + ".nuspec"));
        Assert.Equal(id, Element(nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata"), "id"));
        return nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string? Dependency(XElement metadata, string id) =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == id)
            .Select(e => (string?)e.Attribute("version")).SingleOrDefault();

    private static string ReadEntry(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"the package has no {name}");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(directory).TrimEnd('/') + "/", StringComparison.Ordinal);

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        // The consumer's restore extracted our test-only versions into the global packages folder; remove just those.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Libraries)
        {
            var folder = Path.Combine(globalPackages, id.ToLowerInvariant(), _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

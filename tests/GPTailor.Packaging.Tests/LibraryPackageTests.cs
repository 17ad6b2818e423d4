using System.Reflection.Metadata;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GPTailor.Packaging.Tests;

/// <summary>The library packages as a NuGet user gets them, and an app outside the repository that uses them.</summary>
[Collection(PackagingCollection.Name)]
public sealed partial class LibraryPackageTests(PackedFeed packed)
{
    private const string RepositoryUrl = "https://github.com/gptailor/gptailor-dotnet";
    private const string SourceLinkPrefix = "https://raw.githubusercontent.com/gptailor/gptailor-dotnet/";
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Libraries => new(PackedFeed.Libraries);

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_has_its_own_short_readme_and_the_repository_url(string id)
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        using var package = new PackageFile(packed.Package(id));
        Assert.True(package.Has($"lib/net10.0/{id}.dll"));
        Assert.True(package.Has($"lib/net10.0/{id}.xml"), "the package has no XML documentation");

        var metadata = package.Metadata();
        Assert.Equal(id, PackageFile.Element(metadata, "id"));
        Assert.Equal("README.md", PackageFile.Element(metadata, "readme"));
        Assert.Equal(RepositoryUrl, PackageFile.Element(metadata, "projectUrl"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal(RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");

        // The package's own short README, not the repository's, and only absolute links (relative ones break on nuget.org).
        var readme = package.ReadText("README.md");
        Assert.StartsWith($"# {id}\n", readme.ReplaceLineEndings("\n"));
        Assert.True(readme.Length < 4000, $"{id}'s README is {readme.Length} characters; a package README should be short");
        Assert.Contains("dotnet add package " + id, readme);
        Assert.Contains("```csharp", readme);
        var links = MarkdownLink().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith("https://", link));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_has_a_symbol_package_whose_pdb_links_sources_to_github(string id)
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        using var symbols = new PackageFile(packed.Package(id, "snupkg"));
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(symbols.ReadBytes($"lib/net10.0/{id}.pdb")));
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.True(sourceLink is not null, $"{id}.pdb has no Source Link");
        var targets = JsonNode.Parse(sourceLink)!["documents"]!.AsObject().Select(d => d.Value!.GetValue<string>()).ToList();
        Assert.Contains(targets, t => t.StartsWith(SourceLinkPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Models_keeps_TorchSharp_on_the_line_built_against_libtorch_2_10()
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        using var package = new PackageFile(packed.Package("GPTailor.Models"));
        var metadata = package.Metadata();
        Assert.Equal("[0.107.0, 0.108.0)", PackageFile.Dependency(metadata, "TorchSharp"));
        Assert.Equal(packed.Version, PackageFile.Dependency(metadata, "GPTailor.Core"));
        Assert.Equal(packed.Version, PackageFile.Dependency(metadata, "GPTailor.Datasets"));
        Assert.Null(PackageFile.Dependency(metadata, "libtorch-cpu-linux-x64"));
        Assert.True(package.Has("buildTransitive/GPTailor.Models.targets"));
    }

    [Fact]
    public void An_app_outside_the_repository_restores_the_packages_from_the_feed_and_runs_a_search()
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        var app = Path.Combine(packed.Work, "consumer");
        Directory.CreateDirectory(app);
        Assert.False(PackedFeed.IsUnder(app, packed.Repository));
        // Stop MSBuild's upward search for Directory.*.props/targets: the app stands alone, like a user's.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(app, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(app, "nuget.config"), ConsumerNuGetConfig().ToString());
        var versions = XDocument.Load(Path.Combine(packed.Repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("Nullable", "enable"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("TreatWarningsAsErrors", "true")),
            new XElement("ItemGroup",
                PackageReference("GPTailor.Core", packed.Version),
                PackageReference("GPTailor.Search", packed.Version),
                PackageReference("GPTailor.Models", packed.Version),
                PackageReference("libtorch-cpu-linux-x64", versions["libtorch-cpu-linux-x64"]),
                PackageReference("Microsoft.Extensions.DependencyInjection", versions["Microsoft.Extensions.DependencyInjection"]))).ToString());
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", "Program.cs"), Path.Combine(app, "Program.cs"));

        var (built, buildOutput) = DotnetProcess.Run(app, TimeSpan.FromMinutes(4), "build", "-c", "Release", "-nodeReuse:false");
        Assert.True(built == 0, "the consumer app did not build:\n" + buildOutput);

        var (ran, output) = DotnetProcess.Run(app, TimeSpan.FromMinutes(3),
            Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll"), Path.Combine(packed.Work, "consumer-run"));
        Assert.True(ran == 0, "the consumer app failed:\n" + output);
        Assert.Contains($"consumer: GPTailor.Core {packed.Version}+", output);
        Assert.Matches(@"consumer: best plan keeps 3 of 4 layers, removed \[[0-3]\]", output);
        Assert.Matches(@"consumer: score ppl -?\d+\.\d{4}", output);
        Assert.Contains("\"layers\"", output);
    }

    /// <summary>The temporary feed first, then the package sources the repository itself restores from.</summary>
    private XDocument ConsumerNuGetConfig()
    {
        var sources = new XElement("packageSources", new XElement("clear"),
            new XElement("add", new XAttribute("key", "gptailor-ci"), new XAttribute("value", packed.Feed)));
        foreach (var add in XDocument.Load(Path.Combine(packed.Repository, "nuget.config")).Descendants("packageSources").Elements("add"))
        {
            sources.Add(new XElement(add));
        }

        return new XDocument(new XElement("configuration", sources));
    }

    private static XElement PackageReference(string id, string version) =>
        new("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version));

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace GPTailor.Packaging.Tests;

/// <summary>The gptailor tool as `dotnet tool install` gets it: a linux-x64 package without unused native files.</summary>
[Collection(PackagingCollection.Name)]
public sealed class ToolPackageTests(PackedFeed packed)
{
    private const string ToolFolder = "tools/net10.0/linux-x64/";

    /// <summary>Libraries of libtorch-cpu-linux-x64 that TorchSharp never loads.</summary>
    private static readonly string[] Unused =
        ["libtorch_python.so", "libnnapi_backend.so", "libtorchbind_test.so", "libjitbackend_test.so", "libbackend_with_compiler.so", "libaoti_custom_ops.so"];

    [Fact]
    public void Tool_package_points_to_its_only_runtime_package_linux_x64()
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        using var pointer = new PackageFile(packed.Package("GPTailor.Cli"));
        var metadata = pointer.Metadata();
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
        Assert.Equal("README.md", PackageFile.Element(metadata, "readme"));
        Assert.Contains("linux-x64", pointer.ReadText("README.md"));
        Assert.DoesNotContain(pointer.Entries, e => e.EndsWith(".dll", StringComparison.Ordinal) || e.EndsWith(".so", StringComparison.Ordinal));
        Assert.False(File.Exists(packed.Package("GPTailor.Cli", "snupkg")), "the pointer package has no symbols to publish");

        var settings = XDocument.Parse(pointer.ReadText(pointer.Entries.Single(e => e.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal))));
        var runtimes = settings.Descendants().Where(e => e.Attribute("RuntimeIdentifier") is not null)
            .Select(e => ((string)e.Attribute("RuntimeIdentifier")!, (string?)e.Attribute("Id"))).ToList();
        Assert.Equal([("linux-x64", "GPTailor.Cli.linux-x64")], runtimes);
    }

    [Fact]
    public void Linux_x64_tool_package_holds_only_linux_x64_files_that_the_tool_uses()
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        using var package = new PackageFile(packed.Package("GPTailor.Cli.linux-x64"));
        var entries = package.Entries.ToList();
        foreach (var needed in new[] { "gptailor.dll", "gptailor.runtimeconfig.json", "libLibTorchSharp.so", "libtorch.so", "libtorch_cpu.so", "libc10.so", "TorchSharp.dll", "GPTailor.Models.dll" })
        {
            Assert.Contains(ToolFolder + needed, entries);
        }

        Assert.DoesNotContain(entries, e => e.StartsWith("tools/", StringComparison.Ordinal) && !e.StartsWith(ToolFolder, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("/runtimes/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith(".dll", StringComparison.Ordinal) && Path.GetFileName(e).StartsWith("lib", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.EndsWith(".dylib", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith(ToolFolder, StringComparison.Ordinal) && e.EndsWith(".xml", StringComparison.Ordinal) && !e.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        foreach (var unused in Unused)
        {
            Assert.DoesNotContain(ToolFolder + unused, entries);
        }

        Assert.True(File.Exists(packed.Package("GPTailor.Cli.linux-x64", "snupkg")), "the tool package has no symbol package");
    }

    [Fact]
    public void Installed_tool_loads_libtorch_and_scores_a_model()
    {
        Assert.True(packed.PackExitCode == 0, "dotnet pack failed:\n" + packed.PackOutput);
        var root = Path.Combine(packed.Work, "tool");
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "nuget.config");
        new XDocument(new XElement("configuration", new XElement("packageSources", new XElement("clear"),
            new XElement("add", new XAttribute("key", "gptailor-ci"), new XAttribute("value", packed.Feed))))).Save(config);
        var toolPath = Path.Combine(root, "bin");
        var (installed, installOutput) = DotnetProcess.Run(root, TimeSpan.FromMinutes(3),
            "tool", "install", "GPTailor.Cli", "--version", packed.Version, "--tool-path", toolPath, "--configfile", config);
        Assert.True(installed == 0, "dotnet tool install failed:\n" + installOutput);

        var model = Path.Combine(root, "model");
        TinyLlamaModel.Write(model);
        var data = Path.Combine(root, "data.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 3).Select(i => $"{{\"tokens\":[{string.Join(',', Enumerable.Range(0, 10).Select(j => (i * 5 + j * 3) % TinyLlamaModel.VocabularySize))}]}}"));

        var (exit, output) = DotnetProcess.RunProgram(Path.Combine(toolPath, "gptailor"), root, TimeSpan.FromMinutes(2),
            "score", "--model", model, "--data", data, "--json");
        Assert.True(exit == 0, "gptailor score failed:\n" + output);
        var result = JsonNode.Parse(output.Trim().Split('\n').Last())!;
        Assert.Equal(27, result["tokens"]!.GetValue<int>());
        var perplexity = result["perplexity"]!.GetValue<double>();
        Assert.True(double.IsFinite(perplexity) && perplexity > 1, perplexity.ToString(CultureInfo.InvariantCulture));
    }
}

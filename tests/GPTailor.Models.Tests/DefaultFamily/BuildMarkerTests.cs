namespace GPTailor.Models.Tests;

/// <summary>A build counts only when its marker is well formed, matches, and every file it names exists.</summary>
public sealed class BuildMarkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-marker-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void CreateEveryNamedFile(string[] skills)
    {
        var described = BuildMarker.Describe(_root, "h", skills, reused: true);
        var files = new[] { described.FamilyPath, described.CalibrationTasksPath, described.TestTasksPath }
            .Concat(described.FineTuneDirectories.Prepend(described.BaseDirectory)
                .SelectMany(d => new[] { "config.json", "model.safetensors", FamilyFiles.TokenizerFile, FamilyFiles.TokenizerConfigFile }.Select(f => Path.Combine(d, f))))
            .Concat(skills.SelectMany(s => new[] { BuildMarker.CalibrationSplit, BuildMarker.TestSplit }.Select(split => Path.Combine(_root, BuildMarker.TasksDirectory, split, s + ".jsonl"))));
        foreach (var file in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "x");
        }
    }

    [Fact]
    public void A_complete_matching_build_opens_and_a_mismatch_does_not()
    {
        Assert.Null(BuildMarker.TryOpen(_root, "h", 1));
        BuildMarker.Write(_root, "h", 1, ["a", "b"]);
        Assert.Null(BuildMarker.TryOpen(_root, "h", 1));
        CreateEveryNamedFile(["a", "b"]);
        var opened = BuildMarker.TryOpen(_root, "h", 1);
        Assert.NotNull(opened);
        Assert.Equal(["a", "b"], opened.SkillNames);
        Assert.Null(BuildMarker.TryOpen(_root, "other", 1));
        Assert.Null(BuildMarker.TryOpen(_root, "h", 2));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"format_version\":\"1\",\"options_hash\":\"h\",\"skills\":[\"a\"]}")]
    [InlineData("{\"format_version\":1.5,\"options_hash\":\"h\",\"skills\":[\"a\"]}")]
    [InlineData("{\"format_version\":null,\"options_hash\":\"h\",\"skills\":[\"a\"]}")]
    [InlineData("{\"format_version\":1,\"options_hash\":7,\"skills\":[\"a\"]}")]
    [InlineData("{\"format_version\":1,\"options_hash\":\"h\",\"skills\":[null]}")]
    [InlineData("{\"format_version\":1,\"options_hash\":\"h\",\"skills\":\"a\"}")]
    [InlineData("{\"format_version\":1,\"options_hash\":\"h\",\"skills\":[\"../a\"]}")]
    [InlineData("{\"format_version\":1,\"format_version\":1,\"options_hash\":\"h\",\"skills\":[\"a\"]}")]
    public void A_malformed_marker_is_not_a_build(string json)
    {
        CreateEveryNamedFile(["a"]);
        File.WriteAllText(Path.Combine(_root, BuildMarker.FileName), json);
        Assert.True(BuildMarker.Exists(_root));
        Assert.Null(BuildMarker.TryOpen(_root, "h", 1));
    }

    [Fact]
    public void An_oversized_marker_is_not_a_build()
    {
        CreateEveryNamedFile(["a"]);
        File.WriteAllText(Path.Combine(_root, BuildMarker.FileName), "{\"format_version\":1,\"options_hash\":\"h\",\"skills\":[\"a\"]}" + new string(' ', 70_000));
        Assert.Null(BuildMarker.TryOpen(_root, "h", 1));
        File.WriteAllText(Path.Combine(_root, BuildMarker.FileName), "{\"format_version\":1,\"options_hash\":\"h\",\"skills\":[\"a\"]}");
        Assert.NotNull(BuildMarker.TryOpen(_root, "h", 1));
    }
}

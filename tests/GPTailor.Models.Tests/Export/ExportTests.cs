using System.Text.Json.Nodes;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class ExportTests : IDisposable
{
    private static readonly int[][] Sequences = [[1, 5, 9, 13, 40, 7, 3, 60, 11], [1, 8, 2, 77, 31, 4], [1, 50, 51, 52]];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TailoringPlan MixedPlan() => new GPTailorGenotype
    {
        LayerCount = 4,
        CandidateCount = 2,
        Removed = [2],
        Selected = [[true, false], [true, true], [false, false], [false, true]],
        Lambda = [0.5, 0.6, 0.5, 0.5],
    }.ToPlan();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExportedModelScoresLikeTheStitchedModel(bool tied)
    {
        using var family = ModelFamily.Open(RandomFamily.Write(Path.Combine(_dir.Path, "family"), candidates: 2, tied: tied));
        var plan = MixedPlan();
        double inMemory;
        using (var stitcher = new PlanStitcher(family))
        using (var model = stitcher.Build(plan))
        {
            inMemory = new SequenceScorer(model.Model).ScoreNll(Sequences).TotalNll;
        }

        var output = Path.Combine(_dir.Path, "out");
        TailoredModelExporter.Export(family, plan, output, new ExportOptions { DType = ComputeDType.Float32, MaxShardBytes = 20_000 });
        Assert.True(File.Exists(Path.Combine(output, ShardedSafetensorsWriter.IndexFileName)));
        Assert.True(File.Exists(Path.Combine(output, "gptailor-plan.json")));
        Assert.True(File.Exists(Path.Combine(output, "README.md")));
        Assert.Equal(plan.ComputeHash(), PlanJson.Load(Path.Combine(output, "gptailor-plan.json")).ComputeHash());
        var config = HfModelConfig.Load(output);
        Assert.Equal(3, config.NumHiddenLayers);
        // Embeddings follow candidate 0 and the head candidate 1: a tied base must be exported untied.
        Assert.False(config.TieWordEmbeddings);
        using var checkpoint = SafetensorsCheckpoint.Open(output);
        using var reloaded = CausalLanguageModelLoader.Load(checkpoint, config);
        var exported = new SequenceScorer(reloaded).ScoreNll(Sequences).TotalNll;
        Assert.Equal(inMemory, exported, 9);
    }

    [Fact]
    public void RefusesToOverwriteWithoutForceAndLeavesNoTemporaryFiles()
    {
        using var family = ModelFamily.Open(RandomFamily.Write(Path.Combine(_dir.Path, "family"), candidates: 1));
        var output = Path.Combine(_dir.Path, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "user data");
        var plan = TailoringPlan.BaseWithout(4, 1, [1]);
        Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, plan, output));
        Assert.True(File.Exists(Path.Combine(output, "keep.txt")));

        // --force replaces only a previous export of ours: a user's folder is refused even with force.
        var refused = Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, plan, output, new ExportOptions { Force = true }));
        Assert.Contains("not a previous GPTailor export", refused.Message, StringComparison.Ordinal);
        Assert.Equal("user data", File.ReadAllText(Path.Combine(output, "keep.txt")));
        File.Delete(Path.Combine(output, "keep.txt"));
        TailoredModelExporter.Export(family, plan, output); // an empty folder is fine without force
        TailoredModelExporter.Export(family, plan, output, new ExportOptions { Force = true }); // our own export is replaced
        Assert.Equal("bfloat16", JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!["torch_dtype"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(output, "mergekit_config.yml")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_dir.Path), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void AFailedExportLeavesNothingBehind()
    {
        using var family = ModelFamily.Open(RandomFamily.Write(Path.Combine(_dir.Path, "family"), candidates: 1));
        var output = Path.Combine(_dir.Path, "bad");
        Assert.Throws<ExportException>(() => ExportOptions.ParseDType("int8"));
        Assert.Throws<PlanValidationException>(() => TailoredModelExporter.Export(family, TailoringPlan.Dense(6, 1), output));
        Assert.False(Directory.Exists(output));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_dir.Path), d => Path.GetFileName(d).StartsWith('.'));
    }
}

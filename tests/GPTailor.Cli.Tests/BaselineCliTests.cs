using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

[Collection("torch")]
public sealed class BaselineCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _model;
    private readonly string _data;

    public BaselineCliTests()
    {
        _model = BaselineModels.Write(_dir.File("model"), layers: 4);
        _data = _dir.File("calib.jsonl");
        File.WriteAllLines(_data, BaselineModels.Calibration.Select(s => $"{{\"tokens\":[{string.Join(',', s)}]}}"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ImportancePrintsTheLibraryScoresAsJson()
    {
        var (code, stdout, stderr) = CliRunner.Run("importance", "--model", _model, "--data", _data, "--metric", "bi", "--json", "--batch-size", "2");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal("bi", json["metric"]!.GetValue<string>());
        using var model = BaselineModels.Load(_model);
        var expected = LayerImportance.Compute(model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence);
        var scores = json["scores"]!.AsArray().Select(s => s!.GetValue<double>()).ToArray();
        Assert.Equal(4, scores.Length);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected.Scores[i], scores[i], 5);
        }

        var angular = CliRunner.Run("importance", "--model", _model, "--data", _data, "--metric", "angular", "--block", "2", "--json");
        Assert.True(angular.Code == 0, angular.Error);
        var angularJson = JsonNode.Parse(angular.Out)!;
        Assert.Equal(3, angularJson["scores"]!.AsArray().Count);
        Assert.Equal(2, angularJson["block"]!.GetValue<int>());

        var text = CliRunner.Run("importance", "--model", _model, "--data", _data, "--metric", "relmag");
        Assert.True(text.Code == 0, text.Error);
        Assert.Equal(5, text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void ImportanceReportsBadInputInOneLine()
    {
        var metric = CliRunner.Run("importance", "--model", _model, "--data", _data, "--metric", "cosine");
        Assert.Equal(1, metric.Code);
        Assert.Contains("Unknown importance metric", metric.Error, StringComparison.Ordinal);
        var block = CliRunner.Run("importance", "--model", _model, "--data", _data, "--metric", "angular", "--block", "9");
        Assert.Equal(1, block.Code);
        var missing = CliRunner.Run("importance", "--model", _model, "--data", _dir.File("none.jsonl"), "--metric", "bi");
        Assert.Equal(1, missing.Code);
        Assert.Equal(2, CliRunner.Run("importance", "--model", _model, "--metric", "bi").Code);
    }

    [Fact]
    public void PruneExportsAModelThatScoresLikeItsPlan()
    {
        var output = _dir.File("pruned");
        var (code, stdout, stderr) = CliRunner.Run("prune", "--model", _model, "--method", "shortgpt", "--remove", "1", "--data", _data, "--out", output, "--dtype", "float32", "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("shortgpt", json["method"]!.GetValue<string>());
        Assert.Equal(3, json["layers"]!.GetValue<int>());
        var plan = PlanJson.Load(Path.Combine(output, "gptailor-plan.json"));
        Assert.Equal(json["removed"]!.AsArray().Select(r => r!.GetValue<int>()), plan.RemovedLayers);

        var score = CliRunner.Run("score", "--model", output, "--data", _data, "--json");
        Assert.True(score.Code == 0, score.Error);
        using var family = BaselineModels.OpenFamily(_model);
        using var stitcher = new PlanStitcher(family);
        using var stitched = stitcher.Build(plan);
        var expected = new SequenceScorer(stitched.Model).ScoreNll(BaselineModels.Calibration);
        Assert.Equal(expected.TotalNll, JsonNode.Parse(score.Out)!["nll"]!.GetValue<double>(), 4);

        var again = CliRunner.Run("prune", "--model", _model, "--method", "drop-last", "--remove", "1", "--out", output);
        Assert.Equal(1, again.Code);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        var forced = CliRunner.Run("prune", "--model", _model, "--method", "drop-last", "--remove", "2", "--out", output, "--force");
        Assert.True(forced.Code == 0, forced.Error);
        Assert.Equal([2, 3], PlanJson.Load(Path.Combine(output, "gptailor-plan.json")).RemovedLayers);
    }

    [Fact]
    public void PruneWithLacoWritesTheCollapseAndNoMergekitRecipe()
    {
        var output = _dir.File("laco");
        var (code, _, stderr) = CliRunner.Run("prune", "--model", _model, "--method", "laco", "--remove", "2", "--data", _data, "--out", output, "--laco-threshold", "-2", "--laco-merge-layers", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("laco: merge layer 0", stderr, StringComparison.Ordinal);
        var plan = PlanJson.Load(Path.Combine(output, "gptailor-plan.json"));
        Assert.Equal([1, 2], plan.Layers[0].CollapsedLayers!);
        Assert.False(File.Exists(Path.Combine(output, "mergekit_config.yml")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!;
        Assert.Equal(2, config["num_hidden_layers"]!.GetValue<int>());
        Assert.Equal(0, CliRunner.Run("score", "--model", output, "--data", _data).Code);
    }

    [Fact]
    public void PruneRejectsBadArguments()
    {
        var output = _dir.File("bad");
        var noData = CliRunner.Run("prune", "--model", _model, "--method", "sleb", "--remove", "1", "--out", output);
        Assert.Equal(1, noData.Code);
        Assert.Contains("--data", noData.Error, StringComparison.Ordinal);
        var tooMany = CliRunner.Run("prune", "--model", _model, "--method", "drop-last", "--remove", "4", "--out", output);
        Assert.Equal(1, tooMany.Code);
        var method = CliRunner.Run("prune", "--model", _model, "--method", "magnitude", "--remove", "1", "--out", output);
        Assert.Equal(1, method.Code);
        Assert.Contains("drop-last", method.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}

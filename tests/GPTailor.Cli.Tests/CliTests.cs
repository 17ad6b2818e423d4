using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

[Collection("torch")]
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;

    public CliTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = Path.Combine(_dir.Path, "family.json");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void InspectPrintsHeaderFactsAsJson()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", Path.Combine(_dir.Path, "base"), "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("LlamaForCausalLM", json["architecture"]!.GetValue<string>());
        Assert.Equal(4, json["num_hidden_layers"]!.GetValue<int>());
        var config = HfModelConfig.Load(Path.Combine(_dir.Path, "base"));
        Assert.Equal(config.ParameterCount, json["parameters"]!.GetValue<long>());
        Assert.StartsWith("tokenizer.json", json["tokenizer"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void ScorePrintsTheSameNllAsTheLibrary()
    {
        var data = Path.Combine(_dir.Path, "data.jsonl");
        File.WriteAllLines(data, ["{\"tokens\":[1,5,9,13,40]}", "{\"text\":\"the cat sat on the mat\"}"]);
        var model = Path.Combine(_dir.Path, "base");
        var (code, stdout, stderr) = CliRunner.Run("score", "--model", model, "--data", data, "--json", "--batch-size", "1");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(3, json.Count);
        var tokenizer = HfTokenizer.Load(model);
        using var checkpoint = SafetensorsCheckpoint.Open(model);
        using var lm = CausalLanguageModelLoader.Load(checkpoint, HfModelConfig.Load(model));
        var expected = new SequenceScorer(lm, new ScoringOptions(BatchSize: 1)).ScoreNll([[1, 5, 9, 13, 40], tokenizer.Encode("the cat sat on the mat")]);
        Assert.Equal(expected.TokenCount, json["tokens"]!.GetValue<long>());
        Assert.Equal(expected.TotalNll, json["nll"]!.GetValue<double>(), 9);
        Assert.Equal(Math.Exp(expected.TotalNll / expected.TokenCount), json["perplexity"]!.GetValue<double>(), 9);
    }

    [Fact]
    public void ApplyThenScoreMatchesEvalOfThePlan()
    {
        var plan = Path.Combine(_dir.Path, "plan.json");
        PlanJson.Save(TailoringPlan.BaseWithout(4, 2, [2]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.5) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(1) }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }], Embeddings = MergeRecipe.TaskArithmeticOf([1, 2], 0.5) }, plan);
        var data = Path.Combine(_dir.Path, "ppl.jsonl");
        File.WriteAllLines(data, ["{\"tokens\":[1,5,9,13,40,2,7]}", "{\"tokens\":[1,50,60]}"]);
        File.WriteAllText(Path.Combine(_dir.Path, "tasks.json"), "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\",\"metric\":\"nll\"}]}");
        var output = Path.Combine(_dir.Path, "tailored");
        var apply = CliRunner.Run("apply", "--family", _family, "--plan", plan, "--out", output, "--dtype", "float32");
        Assert.True(apply.Code == 0, apply.Error);
        var again = CliRunner.Run("apply", "--family", _family, "--plan", plan, "--out", output);
        Assert.Equal(1, again.Code);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);

        var score = JsonNode.Parse(CliRunner.Run("score", "--model", output, "--data", data, "--json").Out)!;
        var eval = CliRunner.Run("eval", "--family", _family, "--plan", plan, "--tasks", Path.Combine(_dir.Path, "tasks.json"), "--json");
        Assert.True(eval.Code == 0, eval.Error);
        var meanNll = JsonNode.Parse(eval.Out)!["scores"]!["ppl"]!["value"]!.GetValue<double>();
        Assert.Equal(score["nll"]!.GetValue<double>() / score["tokens"]!.GetValue<long>(), meanNll, 9);
    }

    [Fact]
    public void UserErrorsGiveOneLineOnStderrAndNonZeroExit()
    {
        var missing = CliRunner.Run("inspect", Path.Combine(_dir.Path, "nope"));
        Assert.Equal(1, missing.Code);
        Assert.StartsWith("error:", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Error, StringComparison.Ordinal);

        var badPlan = Path.Combine(_dir.Path, "bad.json");
        File.WriteAllText(badPlan, "{\"remove_idx_0\": 99}");
        var apply = CliRunner.Run("apply", "--family", _family, "--plan", badPlan, "--out", Path.Combine(_dir.Path, "x"));
        Assert.Equal(1, apply.Code);
        Assert.Contains("remove_idx_0", apply.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "x")));

        Assert.Equal(2, CliRunner.Run("score", "--model").Code);
    }

    [Fact]
    public void ValidateReportsMismatches()
    {
        Assert.Equal(0, CliRunner.Run("validate", "--family", _family).Code);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "candidate1", "config.json")))!.AsObject();
        config["hidden_size"] = 64;
        File.WriteAllText(Path.Combine(_dir.Path, "candidate1", "config.json"), config.ToJsonString());
        var (code, _, stderr) = CliRunner.Run("validate", "--family", _family);
        Assert.Equal(1, code);
        Assert.Contains("hidden_size", stderr, StringComparison.Ordinal);
    }
}

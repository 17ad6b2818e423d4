using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>NaN models, one-token data and huge merge parameters give documented output or a one-line error, never a serializer message.</summary>
[Collection("torch")]
public sealed class NonFiniteCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _nanModel;

    public NonFiniteCliTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        _family = Path.Combine(_dir.Path, "family.json");
        _nanModel = Path.Combine(_dir.Path, "nan");
        RandomFamily.WriteModel(_nanModel, RandomFamily.Config(vocab: 300), RandomFamily.RandomTensors(RandomFamily.Config(vocab: 300), 7));
        RandomFamily.SetTensor(_nanModel, "model.layers.0.mlp.down_proj.weight");
        RandomFamily.SetTensor(manifest.Members[1].Directory, "model.layers.1.mlp.down_proj.weight");
    }

    public void Dispose() => _dir.Dispose();

    private string Data(params string[] lines)
    {
        var path = Path.Combine(_dir.Path, $"data{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void ScoreJsonOnANaNModelWritesNullsAndAStatus()
    {
        var (code, stdout, stderr) = CliRunner.Run("score", "--model", _nanModel, "--data", Data("{\"tokens\":[1,5,9,13]}"), "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(3, json["tokens"]!.GetValue<long>());
        Assert.Null(json["nll"]);
        Assert.True(json.ContainsKey("nll"));
        Assert.Null(json["perplexity"]);
        Assert.Equal("non-finite", json["status"]!.GetValue<string>());
    }

    [Fact]
    public void ScoreJsonOnOneTokenSequencesReportsZeroTokens()
    {
        var (code, stdout, stderr) = CliRunner.Run("score", "--model", Path.Combine(_dir.Path, "base"), "--data", Data("{\"tokens\":[1]}"), "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(0, json["tokens"]!.GetValue<long>());
        Assert.Equal(0.0, json["nll"]!.GetValue<double>());
        Assert.Null(json["perplexity"]);
        Assert.Equal("no-tokens", json["status"]!.GetValue<string>());
    }

    [Fact]
    public void ScoreTextSaysWhatIsNotFinite()
    {
        var nan = CliRunner.Run("score", "--model", _nanModel, "--data", Data("{\"tokens\":[1,5,9,13]}"));
        Assert.True(nan.Code == 0, nan.Error);
        Assert.Contains("nll        n/a", nan.Out, StringComparison.Ordinal);
        Assert.Contains("status     non-finite", nan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("nll        NaN", nan.Out, StringComparison.Ordinal);

        var none = CliRunner.Run("score", "--model", Path.Combine(_dir.Path, "base"), "--data", Data("{\"tokens\":[1]}"));
        Assert.True(none.Code == 0, none.Error);
        Assert.Contains("perplexity n/a", none.Out, StringComparison.Ordinal);
        Assert.Contains("status     no-tokens", none.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalOfANaNCandidateIsAOneLineErrorNamingTheTaskAndDocument()
    {
        var plan = Path.Combine(_dir.Path, "plan.json");
        PlanJson.Save(TailoringPlan.BaseWithout(4, 2, [2]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(1) }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }] }, plan);
        File.WriteAllLines(Path.Combine(_dir.Path, "ppl.jsonl"), ["{\"tokens\":[1,5,9,13,40]}"]);
        File.WriteAllText(Path.Combine(_dir.Path, "tasks.json"), "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\",\"metric\":\"perplexity\"}]}");
        var eval = CliRunner.Run("eval", "--family", _family, "--plan", plan, "--tasks", Path.Combine(_dir.Path, "tasks.json"), "--json");
        Assert.Equal(1, eval.Code);
        Assert.Contains("error: Task 'ppl', document 0:", eval.Error, StringComparison.Ordinal); // after the evaluator's log warning
        Assert.DoesNotContain("   at ", eval.Error, StringComparison.Ordinal);
        Assert.Empty(eval.Out);
    }

    [Fact]
    public void ApplyRefusesAHugeLambdaAndWritesNothing()
    {
        var plan = Path.Combine(_dir.Path, "huge.json");
        var json = PlanJson.Serialize(TailoringPlan.BaseWithout(4, 2, [2]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.5) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }] });
        File.WriteAllText(plan, json.Replace("0.5", "1e308", StringComparison.Ordinal));
        var output = Path.Combine(_dir.Path, "out");
        var apply = CliRunner.Run("apply", "--family", _family, "--plan", plan, "--out", output);
        Assert.Equal(1, apply.Code);
        Assert.Contains("lambda", apply.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}

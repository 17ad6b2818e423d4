using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>Built-in benchmarks through the CLI: <c>eval --model</c> against <c>eval --family --plan</c>, and a search over mmlu and wsc.</summary>
[Collection("torch")]
public sealed class BenchmarkCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;

    public BenchmarkCliTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat", "Question: Answer: Passage:"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = Path.Combine(_dir.Path, "family.json");

        // Rows with the hub's schemas (cais/mmlu, super_glue wsc.fixed, EleutherAI/lambada_openai, baber/piqa) as JSON lines.
        JsonObject Mmlu(string subject, string question, int answer) =>
            new() { ["question"] = question, ["subject"] = subject, ["choices"] = new JsonArray("mat", "cat", "42", "abc"), ["answer"] = answer };
        Write("data/mmlu/validation.jsonl", Mmlu("anatomy", "the cat sat on the", 0), Mmlu("anatomy", "add 12+30 =", 2), Mmlu("anatomy", "reverse abc =", 3),
            Mmlu("virology", "the cat", 1), Mmlu("formal_logic", "sat on the", 0), Mmlu("formal_logic", "reverse cba =", 3));
        Write("data/mmlu/test.jsonl", Mmlu("anatomy", "never read", 0));
        JsonObject Wsc(string text, int span2, string pronoun, string noun, int label) =>
            new() { ["text"] = text, ["span1_index"] = 0, ["span2_index"] = span2, ["span1_text"] = noun, ["span2_text"] = pronoun, ["idx"] = 0, ["label"] = label };
        Write("data/wsc/train.jsonl", Wsc("The cat sat on the mat because it was warm .", 7, "it", "The cat", 0), Wsc("Mark told Pete lies . He was sad .", 5, "He", "Mark", 1),
            Wsc("the cat saw the mat and it sat .", 6, "it", "the cat", 1), Wsc("abc told cba that he would add .", 4, "he", "abc", 0));
        Write("data/lambada/test.jsonl", new JsonObject { ["text"] = "the cat sat on the mat" }, new JsonObject { ["text"] = "reverse abc = cba" });
        Write("data/piqa/validation.jsonl", new JsonObject { ["goal"] = "the cat", ["sol1"] = "sat", ["sol2"] = "ça", ["label"] = 0 });
        _tasks = Path.Combine(_dir.Path, "tasks.json");
        File.WriteAllText(_tasks, """
            {"tasks":[
              {"task":"mmlu","path":"data/mmlu","split":"validation"},
              {"task":"wsc_custom","path":"data/wsc","weight":0.5},
              {"task":"lambada_openai","path":"data/lambada","metric":"perplexity","weight":0},
              {"task":"piqa","path":"data/piqa","metric":"acc_norm","weight":0}
            ]}
            """);
    }

    public void Dispose() => _dir.Dispose();

    private void Write(string relative, params JsonObject[] rows)
    {
        var path = Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, rows.Select(r => r.ToJsonString()));
    }

    [Fact]
    public void EvalOfAModelDirectoryEqualsEvalOfThePlanAndIsKeyedLikeLmEval()
    {
        var plan = Path.Combine(_dir.Path, "plan.json");
        PlanJson.Save(TailoringPlan.BaseWithout(4, 2, [2]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.5) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(1) }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }] }, plan);
        var model = Path.Combine(_dir.Path, "tailored");
        var apply = CliRunner.Run("apply", "--family", _family, "--plan", plan, "--out", model, "--dtype", "float32");
        Assert.True(apply.Code == 0, apply.Error);

        var byPlan = CliRunner.Run("eval", "--family", _family, "--plan", plan, "--tasks", _tasks, "--json");
        Assert.True(byPlan.Code == 0, byPlan.Error);
        var byModel = CliRunner.Run("eval", "--model", model, "--tasks", _tasks, "--json");
        Assert.True(byModel.Code == 0, byModel.Error);
        var planJson = JsonNode.Parse(byPlan.Out)!;
        var modelJson = JsonNode.Parse(byModel.Out)!;
        Assert.True(JsonNode.DeepEquals(planJson["results"], modelJson["results"]), $"{planJson["results"]}\n{modelJson["results"]}");
        Assert.True(JsonNode.DeepEquals(planJson["scores"], modelJson["scores"]));

        var results = modelJson["results"]!;
        foreach (var name in new[] { "mmlu", "mmlu_stem", "mmlu_other", "mmlu_humanities", "mmlu_anatomy", "mmlu_virology", "mmlu_formal_logic", "wsc_custom", "lambada_openai", "piqa" })
        {
            Assert.NotNull(results[name]);
        }

        Assert.Equal(["mmlu", "mmlu_humanities", "mmlu_other", "mmlu_stem"], modelJson["groups"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.InRange(results["mmlu_anatomy"]!["acc,none"]!.GetValue<double>(), 0, 1);
        Assert.InRange(results["mmlu_anatomy"]!["acc_stderr,none"]!.GetValue<double>(), 0, 1);
        Assert.Equal("N/A", results["mmlu_virology"]!["acc_stderr,none"]!.GetValue<string>()); // one document: lm-eval prints N/A
        Assert.NotNull(results["piqa"]!["acc_norm,none"]);
        Assert.NotNull(results["lambada_openai"]!["perplexity,none"]);
        Assert.Equal("2", modelJson["versions"]!["mmlu"]!.GetValue<string>());
        Assert.Equal(3, modelJson["n-samples"]!["mmlu_anatomy"]!["effective"]!.GetValue<int>());

        // Hand computation of the group mean from its subjects' lines.
        double Acc(string t) => results[t]!["acc,none"]!.GetValue<double>();
        Assert.Equal((3 * Acc("mmlu_anatomy") + Acc("mmlu_virology") + 2 * Acc("mmlu_formal_logic")) / 6, Acc("mmlu"), 12);
        Assert.Equal(Acc("mmlu"), modelJson["scores"]!["mmlu"]!["value"]!.GetValue<double>());

        var table = CliRunner.Run("eval", "--model", model, "--tasks", _tasks, "--limit", "2");
        Assert.True(table.Code == 0, table.Error);
        Assert.Contains("| Tasks ", table.Out, StringComparison.Ordinal);
        Assert.Contains("|   - mmlu_stem ", table.Out, StringComparison.Ordinal);
        Assert.Contains("|     - mmlu_anatomy ", table.Out, StringComparison.Ordinal);
        Assert.Contains("objective mmlu: acc = ", table.Out, StringComparison.Ordinal);
        Assert.Contains("(5 documents)", table.Out, StringComparison.Ordinal); // --limit 2 per subject: 2 + 1 + 2

        var both = CliRunner.Run("eval", "--model", model, "--family", _family, "--plan", plan, "--tasks", _tasks);
        Assert.Equal(1, both.Code);
        Assert.Contains("either --model DIR, or --family F and --plan P", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ASearchOverMmluAndWscAppliesHyperbandBudgetsPerSubtask()
    {
        File.WriteAllText(_tasks, """{"tasks":[{"task":"mmlu","path":"data/mmlu","split":"validation"},{"task":"wsc_custom","path":"data/wsc"}]}""");
        var run = Path.Combine(_dir.Path, "run");
        var (code, stdout, stderr) = CliRunner.Run("search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "8", "--budget-min", "1", "--budget-max", "3", "--initial-design", "4", "--out", run, "--json", "--seed", "2");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.NotNull(json["best_scores"]!["mmlu"]);
        Assert.NotNull(json["best_scores"]!["wsc_custom"]);
        var trials = SearchJournal.Read(Path.Combine(run, "journal.jsonl"));
        Assert.Equal(8, trials.Count);
        foreach (var trial in trials)
        {
            // The budget is lm-eval's limit per subtask: min(budget, rows) for each of anatomy (3), virology (1), formal_logic (2).
            var perSubject = new[] { 3, 1, 2 }.Sum(n => Math.Min(trial.Budget, n));
            Assert.Equal(perSubject, trial.Scores!["mmlu"].Documents);
            Assert.Equal(Math.Min(trial.Budget, 4), trial.Scores["wsc_custom"].Documents);
        }

        Assert.Contains(trials, t => t.Budget == 1);
        Assert.Contains(trials, t => t.Budget == 3);
    }
}

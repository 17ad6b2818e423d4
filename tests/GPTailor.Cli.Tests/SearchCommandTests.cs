using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

[Collection("torch")]
public sealed class SearchCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;

    public SearchCommandTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = Path.Combine(_dir.Path, "family.json");
        File.WriteAllLines(Path.Combine(_dir.Path, "mc.jsonl"), Enumerable.Range(0, 6).Select(i => $"{{\"context\":\"add {i}+{i} =\",\"choices\":[\"{2 * i}\",\"{2 * i + 1}\",\"{i}\"],\"gold\":0}}"));
        File.WriteAllLines(Path.Combine(_dir.Path, "ppl.jsonl"), ["{\"text\":\"the cat sat on the mat\"}", "{\"tokens\":[1,5,9,13]}"]);
        _tasks = Path.Combine(_dir.Path, "tasks.json");
        File.WriteAllText(_tasks, "{\"tasks\":[{\"name\":\"mc\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"},{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("cmaes")]
    [InlineData("random")]
    [InlineData("spsa")]
    [InlineData("smac")]
    [InlineData("evolution")]
    public void SearchPrintsOneJsonObjectWithTheBestPlan(string optimizer)
    {
        var run = Path.Combine(_dir.Path, "run-" + optimizer);
        var (code, stdout, stderr) = CliRunner.Run("search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--optimizer", optimizer, "--trials", "12", "--initial-design", "4", "--out", run, "--json", "--seed", "3");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        var plan = PlanJson.Parse(json["best_plan"]!.ToJsonString());
        Assert.Equal(3, plan.Layers.Count);
        Assert.NotNull(json["best_scores"]!["mc"]);
        Assert.NotNull(json["best_scores"]!["ppl"]);
        Assert.Equal(12, SearchJournal.Read(Path.Combine(run, "journal.jsonl")).Count);
        Assert.True(File.Exists(Path.Combine(run, "trials.csv")));
    }

    [Fact]
    public void ThePrefixCacheSavesLayerForwardsAndLeavesEveryScoreAsWithout()
    {
        string[] Args(string run) => ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "12", "--initial-design", "4", "--budget-min", "2", "--budget-max", "6", "--batch-size", "2", "--out", run, "--seed", "4"];
        var cached = CliRunner.Run(Args(Path.Combine(_dir.Path, "cached")));
        Assert.True(cached.Code == 0, cached.Error);
        var plain = CliRunner.Run([.. Args(Path.Combine(_dir.Path, "plain")), "--no-prefix-cache"]);
        Assert.True(plain.Code == 0, plain.Error);

        var withCache = SearchJournal.Read(Path.Combine(_dir.Path, "cached", "journal.jsonl"));
        var without = SearchJournal.Read(Path.Combine(_dir.Path, "plain", "journal.jsonl"));
        Assert.Equal(without.Select(t => t.PlanHash), withCache.Select(t => t.PlanHash));
        Assert.Equal(without.SelectMany(t => t.Scores!.Scores.Select(s => s.Value)), withCache.SelectMany(t => t.Scores!.Scores.Select(s => s.Value)));
        long Sum(IEnumerable<TrialRecord> trials, string counter) => trials.Sum(t => t.Scores!.Counters?.GetValueOrDefault(counter) ?? 0); // null: answered by the plan cache
        Assert.Equal(0, Sum(without, TaskSetEvaluator.LayerForwardsSavedCounter));
        Assert.True(Sum(withCache, TaskSetEvaluator.LayerForwardsSavedCounter) > 0);
        Assert.Equal(Sum(without, TaskSetEvaluator.LayerForwardsCounter), Sum(withCache, TaskSetEvaluator.LayerForwardsCounter) + Sum(withCache, TaskSetEvaluator.LayerForwardsSavedCounter));
        Assert.Contains("saved by the prefix cache", cached.Out, StringComparison.Ordinal);
        var header = File.ReadLines(Path.Combine(_dir.Path, "cached", "trials.csv")).First();
        Assert.EndsWith(",layer_forwards,layer_forwards_saved", header, StringComparison.Ordinal);
    }

    [Fact]
    public void MergingOnTheDeviceLeavesEveryScoreAsMergingOnTheCpu()
    {
        string[] Args(string run) => ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "10", "--initial-design", "6", "--out", run, "--seed", "5"];
        var onCpu = CliRunner.Run(Args(Path.Combine(_dir.Path, "merge-cpu")));
        Assert.True(onCpu.Code == 0, onCpu.Error);
        var onDevice = CliRunner.Run([.. Args(Path.Combine(_dir.Path, "merge-device")), "--merge-on-device", "0.25"]);
        Assert.True(onDevice.Code == 0, onDevice.Error);
        Assert.Contains("--merge-on-device is meant for CUDA", onDevice.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--merge-on-device", onCpu.Error, StringComparison.Ordinal);

        var expected = SearchJournal.Read(Path.Combine(_dir.Path, "merge-cpu", "journal.jsonl"));
        var actual = SearchJournal.Read(Path.Combine(_dir.Path, "merge-device", "journal.jsonl"));
        Assert.Contains(expected, t => t.Plan.Layers.Any(l => l.Merge.Method == MergeMethod.TaskArithmetic)); // merges were scored
        Assert.Equal(expected.Select(t => t.PlanHash), actual.Select(t => t.PlanHash));
        Assert.Equal(expected.SelectMany(t => t.Scores!.Scores.Select(s => s.Value)), actual.SelectMany(t => t.Scores!.Scores.Select(s => s.Value))); // exact

        var bad = CliRunner.Run([.. Args(Path.Combine(_dir.Path, "merge-bad")), "--merge-on-device", "-1"]);
        Assert.Equal(1, bad.Code);
        Assert.Contains("--merge-on-device", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalistsAreScoredOnAllDocumentsAndTheChosenOneIsTheBestPlan()
    {
        var run = Path.Combine(_dir.Path, "run-finalists");
        var (code, stdout, stderr) = CliRunner.Run("search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "10", "--budget-min", "1", "--budget-max", "3", "--initial-design", "4", "--finalists", "2", "--out", run, "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("all", json["budget"]!.GetValue<string>());
        var finalists = JsonNode.Parse(File.ReadAllText(Path.Combine(run, FinalistSelection.FileName)))!.AsArray();
        Assert.Equal(finalists.Count, json["finalists"]!.GetValue<int>());
        Assert.InRange(finalists.Count, 1, 2);
        var chosen = finalists.Single(f => f!["chosen"]!.GetValue<bool>())!;
        Assert.Equal(3, chosen["search_budget"]!.GetValue<int>());
        Assert.Equal(chosen["final_scores"]!["mc"]!.GetValue<double>(), json["best_scores"]!["mc"]!.GetValue<double>());
        var best = PlanJson.Parse(json["best_plan"]!.ToJsonString()).ComputeHash();
        Assert.Equal(best, PlanJson.Parse(chosen["plan"]!.ToJsonString()).ComputeHash());
        Assert.Equal(best, PlanJson.Load(Path.Combine(run, "best_plan.json")).ComputeHash());

        var bad = CliRunner.Run("search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "2", "--finalists", "-1", "--out", Path.Combine(_dir.Path, "run-bad"));
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("Finalists", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaRequestFallsBackToTheCpuWithAWarningAndExportsTheBestPlan()
    {
        var export = Path.Combine(_dir.Path, "best-model");
        var (code, stdout, stderr) = CliRunner.Run("search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "4", "--initial-design", "0", "--device", "cuda", "--out", Path.Combine(_dir.Path, "run-cuda"), "--export", export, "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("CUDA is not available", stderr, StringComparison.Ordinal);
        Assert.Equal(PlanJson.Parse(JsonNode.Parse(stdout)!["best_plan"]!.ToJsonString()).ComputeHash(), PlanJson.Load(Path.Combine(export, "gptailor-plan.json")).ComputeHash());

        var eval = CliRunner.Run("eval", "--family", _family, "--plan", Path.Combine(export, "gptailor-plan.json"), "--tasks", _tasks, "--device", "cuda");
        Assert.True(eval.Code == 0, eval.Error);
        Assert.Contains("using cpu", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiFidelitySearchResumesToTheSameResult()
    {
        string[] Args(string run, int trials) => ["search", "--family", _family, "--tasks", _tasks, "--keep", "3", "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--budget-min", "2", "--budget-max", "6", "--initial-design", "5", "--out", run, "--json", "--seed", "5"];
        var whole = CliRunner.Run(Args(Path.Combine(_dir.Path, "whole"), 20));
        Assert.True(whole.Code == 0, whole.Error);

        var part = Path.Combine(_dir.Path, "part");
        Assert.Equal(0, CliRunner.Run(Args(part, 9)).Code); // stop early, as after a crash
        Assert.Equal(1, CliRunner.Run(Args(part, 20)).Code); // refuses to overwrite without --resume
        var resumed = CliRunner.Run([.. Args(part, 20), "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(JsonNode.Parse(whole.Out)!["best_plan"]!.ToJsonString(), JsonNode.Parse(resumed.Out)!["best_plan"]!.ToJsonString());
        var budgets = SearchJournal.Read(Path.Combine(part, "journal.jsonl")).Select(t => t.Budget).Distinct().Order().ToArray();
        Assert.Equal([2, 6], budgets);
    }

    [Theory]
    [InlineData("smac")]
    [InlineData("evolution")]
    public void AnObserverOptimizerKilledMidRunAndResumedGivesTheSameBestPlanAsAnUninterruptedRun(string optimizer)
    {
        // Two tasks (ParEGO re-scalarisation for smac; raw costs for evolution), Hyperband over budgets 2 and 6, the
        // model or the population built after the design.
        string[] Args(string run) => ["search", "--family", _family, "--tasks", _tasks, "--keep", "3", "--optimizer", optimizer, "--trials", "60", "--budget-min", "2", "--budget-max", "6", "--initial-design", "5", "--out", run, "--json", "--seed", "7"];
        var whole = CliRunner.Run(Args(Path.Combine(_dir.Path, optimizer + "-whole")));
        Assert.True(whole.Code == 0, whole.Error);

        var part = Path.Combine(_dir.Path, optimizer + "-killed");
        var journal = Path.Combine(part, "journal.jsonl");
        using (var killed = CliRunner.Start(Args(part)))
        {
            _ = killed.StandardOutput.ReadToEndAsync();
            _ = killed.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(File.Exists(journal) && File.ReadLines(journal).Count(l => l.Contains("\"type\":\"trial\"", StringComparison.Ordinal)) >= 25) && !killed.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Assert.False(killed.HasExited, "the search ended before it could be killed");
            killed.Kill(entireProcessTree: true); // kill -9
            killed.WaitForExit();
        }

        var before = SearchJournal.Read(journal).Count;
        Assert.InRange(before, 25, 59);
        var resumed = CliRunner.Run([.. Args(part), "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(JsonNode.Parse(whole.Out)!["best_plan"]!.ToJsonString(), JsonNode.Parse(resumed.Out)!["best_plan"]!.ToJsonString());
        var plans = (string run) => SearchJournal.Read(Path.Combine(run, "journal.jsonl")).OrderBy(t => t.Trial).Select(t => (t.Budget, t.PlanHash)).ToArray();
        Assert.Equal(plans(Path.Combine(_dir.Path, optimizer + "-whole")), plans(part));
    }

    [Fact]
    public void ASecondSearchOrResumeWhileOneRunsIsRefusedNamingItsPidAndTheJournalStaysIntact()
    {
        var run = Path.Combine(_dir.Path, "locked");
        string[] Args(params string[] extra) => ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--optimizer", "random", "--initial-design", "0", "--out", run, "--json", .. extra];
        using var holder = CliRunner.Start(Args("--trials", "1000000"));
        _ = holder.StandardOutput.ReadToEndAsync();
        _ = holder.StandardError.ReadToEndAsync();
        try
        {
            var journal = Path.Combine(run, "journal.jsonl");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(File.Exists(journal) && new FileInfo(journal).Length > 0) && !holder.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }

            Assert.False(holder.HasExited, "the holding search ended early");
            var second = CliRunner.Run(Args("--trials", "5"));
            Assert.Equal(1, second.Code);
            Assert.Contains($"PID {holder.Id}", second.Error, StringComparison.Ordinal);
            var resumed = CliRunner.Run(Args("--trials", "5", "--resume"));
            Assert.Equal(1, resumed.Code);
            Assert.Contains($"PID {holder.Id}", resumed.Error, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill(entireProcessTree: true); // kill -9: the OS releases the lock
            holder.WaitForExit();
        }

        var after = CliRunner.Run(Args("--trials", "1", "--resume"));
        Assert.True(after.Code == 0, after.Error);
        Assert.All(File.ReadAllLines(Path.Combine(run, "journal.jsonl")), line => Assert.IsType<JsonObject>(JsonNode.Parse(line)));
    }

    [Fact]
    public void AResumeOfADifferentSearchIsRefusedListingWhatDiffers()
    {
        var run = Path.Combine(_dir.Path, "fingerprint");
        string[] Args(string family, string remove, params string[] extra) => ["search", "--family", family, "--tasks", _tasks, "--remove", remove, "--trials", "3", "--initial-design", "0", "--out", run, "--json", .. extra];
        var first = CliRunner.Run(Args(_family, "1"));
        Assert.True(first.Code == 0, first.Error);
        var journal = File.ReadAllText(Path.Combine(run, "journal.jsonl"));

        var other = CliRunner.Run(Args(_family, "2", "--resume"));
        Assert.Equal(1, other.Code);
        Assert.Contains("remove: 1 → 2", other.Error, StringComparison.Ordinal);

        var manifest = FamilyManifest.Load(_family);
        var reordered = Path.Combine(_dir.Path, "reordered.json");
        FamilyManifest.FromDirectories([manifest.Members[0].Directory, manifest.Members[2].Directory, manifest.Members[1].Directory]).Save(reordered);
        var swapped = CliRunner.Run(Args(reordered, "1", "--resume"));
        Assert.Equal(1, swapped.Code);
        Assert.Contains("family.members[1].fingerprint", swapped.Error, StringComparison.Ordinal);
        Assert.Contains("family.members[2].fingerprint", swapped.Error, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(_dir.Path, "ppl.jsonl"), "{\"text\":\"one more document\"}\n");
        var moreData = CliRunner.Run(Args(_family, "1", "--resume"));
        Assert.Equal(1, moreData.Code);
        Assert.Contains("task_files.data[1].sha256", moreData.Error, StringComparison.Ordinal);
        Assert.Equal(journal, File.ReadAllText(Path.Combine(run, "journal.jsonl"))); // nothing appended by a refused resume

        var missing = CliRunner.Run([.. Args(_family, "1", "--resume").Select(x => x == run ? run + "-missing" : x)]);
        Assert.Equal(1, missing.Code);
        Assert.Contains("Nothing to resume", missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run + "-missing"));
    }
}

using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>A whole search through the real tool on a family whose second fine-tune is broken (NaN weights).</summary>
[Collection("torch")]
public sealed class NaNCandidateSearchCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ASearchWithANaNFineTuneRunsToTheEndAndNeverPicksItsLayers()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        for (var layer = 0; layer < 4; layer++)
        {
            RandomFamily.SetTensor(manifest.Members[2].Directory, $"model.layers.{layer}.mlp.down_proj.weight"); // member 2 = candidate 2
        }

        File.WriteAllLines(Path.Combine(_dir.Path, "mc.jsonl"), Enumerable.Range(0, 6).Select(i => $"{{\"context\":\"add {i}+{i} =\",\"choices\":[\"{2 * i}\",\"{2 * i + 1}\",\"{i}\"],\"gold\":0}}"));
        File.WriteAllLines(Path.Combine(_dir.Path, "ppl.jsonl"), ["{\"text\":\"the cat sat on the mat\"}", "{\"tokens\":[1,5,9,13]}"]);
        var tasks = Path.Combine(_dir.Path, "tasks.json");
        File.WriteAllText(tasks, "{\"tasks\":[{\"name\":\"mc\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"},{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        var run = Path.Combine(_dir.Path, "run");

        var (code, stdout, stderr) = CliRunner.Run("search", "--family", Path.Combine(_dir.Path, "family.json"), "--tasks", tasks, "--remove", "1", "--optimizer", "random", "--trials", "30", "--initial-design", "8", "--seed", "4", "--out", run, "--json");

        Assert.True(code == 0, stderr);
        var journal = SearchJournal.Read(Path.Combine(run, "journal.jsonl"));
        Assert.Equal(30, journal.Count); // ran to the end
        var failed = journal.Where(t => t.Error is not null).ToArray();
        Assert.NotEmpty(failed); // plans with the broken fine-tune's layers were tried ...
        Assert.All(failed, t => Assert.True(UsesMember(t.Plan, 2), $"trial {t.Trial} failed without the NaN member: {t.Error}"));
        Assert.All(journal.Where(t => UsesMember(t.Plan, 2)), t => Assert.NotNull(t.Error)); // ... and every one of them failed
        Assert.Contains(failed, t => t.Error!.Contains("non-finite", StringComparison.OrdinalIgnoreCase) || t.Error.Contains("NonFinite", StringComparison.Ordinal));
        var best = PlanJson.Parse(JsonNode.Parse(stdout)!["best_plan"]!.ToJsonString());
        Assert.False(UsesMember(best, 2), "the best plan uses the NaN fine-tune");
        Assert.All(journal.Where(t => t.Scores is not null), t => Assert.All(t.Scores!.Scores, s => Assert.True(double.IsFinite(s.Value))));
        Assert.All(File.ReadAllLines(Path.Combine(run, "journal.jsonl")), line => Assert.NotNull(JsonNode.Parse(line))); // strict JSON: no NaN literals
    }

    private static bool UsesMember(TailoringPlan plan, int member) =>
        plan.Layers.Any(l => l.Merge.Members.Contains(member));
}

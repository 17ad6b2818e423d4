namespace GPTailor.Cli.Tests;

/// <summary>Every writer (apply, search --export, prune) refuses to write over its inputs or a user's folder.</summary>
[Collection("torch")]
public sealed class ExportSafetyCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;
    private readonly string _plan;

    public ExportSafetyCliTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 1, vocab: 300);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = Path.Combine(_dir.Path, "family.json");
        File.WriteAllLines(Path.Combine(_dir.Path, "ppl.jsonl"), ["{\"text\":\"the cat sat on the mat\"}", "{\"tokens\":[1,5,9,13]}"]);
        _tasks = Path.Combine(_dir.Path, "tasks.json");
        File.WriteAllText(_tasks, "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        _plan = Path.Combine(_dir.Path, "plan.json");
        PlanJson.Save(TailoringPlan.BaseWithout(4, 1, [1]), _plan);
    }

    public void Dispose() => _dir.Dispose();

    private string[] Listing() =>
        Directory.EnumerateFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private string[] Search(string run, string export, params string[] extra) =>
        ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", "2", "--initial-design", "0", "--out", run, "--export", export, "--json", .. extra];

    [Fact]
    public void SearchExportRefusesAUserFolderAndItsInputsBeforeSearching()
    {
        var user = Path.Combine(_dir.Path, "user");
        Directory.CreateDirectory(user);
        File.WriteAllText(Path.Combine(user, "notes.txt"), "mine");
        var run = Path.Combine(_dir.Path, "run");
        var before = Listing();

        var noForce = CliRunner.Run(Search(run, user));
        Assert.Equal(1, noForce.Code);
        Assert.Contains("--force", noForce.Error, StringComparison.Ordinal);
        var forced = CliRunner.Run(Search(run, user, "--force"));
        Assert.Equal(1, forced.Code);
        Assert.Contains("not a previous GPTailor export", forced.Error, StringComparison.Ordinal);
        foreach (var input in new[] { Path.Combine(_dir.Path, "base") + "/", Path.Combine(_dir.Path, "candidate0", "..", "base"), _dir.Path, run, Path.Combine(run, "model") })
        {
            var overlap = CliRunner.Run(Search(run, input, "--force"));
            Assert.Equal(1, overlap.Code);
            Assert.Contains("never writes over its inputs", overlap.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", overlap.Error, StringComparison.Ordinal);
        }

        Assert.Equal(before, Listing()); // refused before the search: no run directory either

        var export = Path.Combine(_dir.Path, "export");
        var first = CliRunner.Run(Search(run, export));
        Assert.True(first.Code == 0, first.Error);
        var again = CliRunner.Run(Search(Path.Combine(_dir.Path, "run2"), export));
        Assert.Equal(1, again.Code);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        var replaced = CliRunner.Run(Search(Path.Combine(_dir.Path, "run3"), export, "--force"));
        Assert.True(replaced.Code == 0, replaced.Error);
    }

    [Fact]
    public void ApplyAndPruneWithForceNeverDeleteTheirInputs()
    {
        var before = Listing();
        foreach (var output in new[] { Path.Combine(_dir.Path, "base"), Path.Combine(_dir.Path, "candidate0") + "//", _dir.Path, Path.Combine(_dir.Path, "base", "sub") })
        {
            var apply = CliRunner.Run("apply", "--family", _family, "--plan", _plan, "--out", output, "--force");
            Assert.Equal(1, apply.Code);
            Assert.Contains("never writes over its inputs", apply.Error, StringComparison.Ordinal);
        }

        var prune = CliRunner.Run("prune", "--model", Path.Combine(_dir.Path, "base"), "--method", "drop-last", "--remove", "1", "--out", Path.Combine(_dir.Path, "base"), "--force");
        Assert.Equal(1, prune.Code);
        Assert.Contains("never writes over its inputs", prune.Error, StringComparison.Ordinal);
        var pruneData = CliRunner.Run("prune", "--model", Path.Combine(_dir.Path, "base"), "--method", "shortgpt", "--data", Path.Combine(_dir.Path, "ppl.jsonl"), "--remove", "1", "--out", _dir.Path, "--force");
        Assert.Equal(1, pruneData.Code);
        Assert.Equal(before, Listing());
    }
}

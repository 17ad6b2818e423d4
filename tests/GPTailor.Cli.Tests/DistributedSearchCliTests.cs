using System.Globalization;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>
/// <c>gptailor search --workers N</c> with real worker processes on loopback: the same search as one process, a worker
/// killed with SIGKILL mid-search loses no trial, and a killed driver resumes.
/// </summary>
[Collection("torch")]
public sealed class DistributedSearchCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;

    public DistributedSearchCliTests()
    {
        (_family, _tasks) = DistributedFixture.Write(_dir.Path, seed: 1);
    }

    public void Dispose() => _dir.Dispose();

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private string[] Search(string run, int trials, params string[] extra) =>
        ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", trials.ToString(CultureInfo.InvariantCulture), "--initial-design", "6", "--seed", "5", "--out", run, "--json", .. extra];

    [Fact]
    public async Task TwoWorkersOneKilledThenTheDriverKilledAndResumedGiveTheSameSearchAsOneProcess()
    {
        const int trials = 30;
        var single = Path.Combine(_dir.Path, "single");
        var (code, stdout, stderr) = CliRunner.Run(Search(single, trials));
        Assert.True(code == 0, stderr);
        var expected = DistributedFixture.Outcome(single, stdout);

        // Two workers; kill -9 one as soon as the journal shows the search running, then kill -9 the driver a few trials
        // later (its workers stop with it). --resume with two new workers finishes the search: the journal and the best
        // plan are those of the single process.
        var run = Path.Combine(_dir.Path, "pooled");
        var journal = Path.Combine(run, "journal.jsonl");
        string firstError;
        using (var driver = CliRunner.Start(Search(run, trials, "--workers", "2")))
        {
            var stderrTask = driver.StandardError.ReadToEndAsync();
            _ = driver.StandardOutput.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            IReadOnlyList<int> workers = [];
            int? journaledAtWorkerKill = null;
            var driverKilled = false;
            while (!driverKilled && !driver.HasExited && watch.Elapsed < TimeSpan.FromSeconds(90))
            {
                var journaled = SearchJournal.Read(journal).Count;
                if (journaledAtWorkerKill is null && DistributedFixture.Children(driver.Id) is { Count: 2 } children && journaled >= 2)
                {
                    workers = children;
                    journaledAtWorkerKill = journaled;
                    using var victim = Process.GetProcessById(children[0]);
                    victim.Kill(); // SIGKILL
                }
                else if (journaledAtWorkerKill is int before && journaled >= before + 2)
                {
                    driver.Kill(); // SIGKILL
                    driverKilled = true;
                }

                await Task.Delay(10);
            }

            Assert.True(driver.WaitForExit(TimeSpan.FromSeconds(30)));
            firstError = await stderrTask;
            Assert.True(driverKilled, "the search ended before its driver could be killed: " + firstError);
            Assert.Contains("workers: 2 alive", firstError, StringComparison.Ordinal);
            var left = SearchJournal.Read(journal).Count(t => t.Scores is not null);
            Assert.InRange(left, 2, trials - 1);
            watch.Restart();
            while (workers.Any(Alive) && watch.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }

            Assert.False(workers.Any(Alive), "a worker outlived its driver");
        }

        var resumed = CliRunner.Run(Search(run, trials, "--workers", "2", "--resume"));
        Assert.True(resumed.Code == 0, firstError + "\n--- resumed:\n" + resumed.Error);
        Assert.Equal(expected, DistributedFixture.Outcome(run, resumed.Out));
        Assert.Equal(trials, SearchJournal.Read(journal).Count(t => t.Scores is not null));
    }
}

/// <summary>A tiny random family with a tokenizer and two calibration tasks; the outcome of a run to compare runs by.</summary>
internal static class DistributedFixture
{
    public static (string Family, string Tasks) Write(string root, int seed)
    {
        Directory.CreateDirectory(root);
        var manifest = RandomFamily.Write(root, candidates: 2, vocab: 300, seed: seed);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        File.WriteAllLines(Path.Combine(root, "mc.jsonl"), Enumerable.Range(0, 6).Select(i => $"{{\"context\":\"add {i}+{i} =\",\"choices\":[\"{2 * i}\",\"{2 * i + 1}\",\"{i}\"],\"gold\":0}}"));
        File.WriteAllLines(Path.Combine(root, "ppl.jsonl"), ["{\"text\":\"the cat sat on the mat\"}", "{\"tokens\":[1,5,9,13]}"]);
        var tasks = Path.Combine(root, "tasks.json");
        File.WriteAllText(tasks, "{\"tasks\":[{\"name\":\"mc\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"},{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        return (Path.Combine(root, "family.json"), tasks);
    }

    /// <summary>The best plan's hash and, per trial number, the plan hash, the scores and the scalarised value (in the journal's values, rounded to nothing).</summary>
    public static string Outcome(string run, string stdout)
    {
        var best = PlanJson.Parse(JsonNode.Parse(stdout)!["best_plan"]!.ToJsonString()).ComputeHash();
        var lines = SearchJournal.Read(Path.Combine(run, "journal.jsonl")).OrderBy(t => t.Trial).Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Trial} {t.PlanHash} {t.Budget} {(t.Scores is null ? t.Error : string.Join(" ", t.Scores.Scores.Select(s => s.Value.ToString("R", CultureInfo.InvariantCulture))))} {t.Value?.ToString("R", CultureInfo.InvariantCulture)}"));
        return "best " + best + "\n" + string.Join("\n", lines);
    }

    /// <summary>The ids of the processes whose parent is <paramref name="parent"/> (from /proc).</summary>
    public static IReadOnlyList<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        children.Sort();
        return children;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace GPTailor.Cli.Tests;

/// <summary>
/// <c>gptailor search --workers N</c> (issue 14): a search whose local workers all crash at start stops at once with each
/// worker's exit code and last stderr line, not after <c>--worker-wait</c>; in line mode every trial line ends with the
/// pool's state (no separate status lines).
/// </summary>
[Collection("torch")]
public sealed class LocalWorkerCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;

    public LocalWorkerCliTests()
    {
        (_family, _tasks) = DistributedFixture.Write(_dir.Path, seed: 3);
    }

    public void Dispose() => _dir.Dispose();

    private string[] Search(string run, int trials, params string[] extra) =>
        ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", trials.ToString(CultureInfo.InvariantCulture), "--initial-design", "2", "--seed", "5", "--out", run, .. extra];

    [Fact]
    public void WhenEveryWorkerCrashesAtStartTheSearchStopsAtOnceSayingWhy()
    {
        // The driver of a pool never reads the tokenizer; each worker does (to tokenize the tasks), and fails on this one.
        File.WriteAllText(Path.Combine(FamilyManifest.Load(_family).Members[0].Directory, "tokenizer.json"), "{ not json");
        var watch = Stopwatch.StartNew();

        var (code, _, stderr) = CliRunner.Run(Search(_dir.File("run"), 4, "--workers", "2", "--worker-wait", "120"));

        Assert.Equal(1, code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed.TotalSeconds:F0} s; --worker-wait is 120 s\n{stderr}");
        var error = stderr.Split('\n').Single(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("All 2 worker processes exited and no worker is alive", error, StringComparison.Ordinal);
        foreach (var worker in new[] { "worker 1", "worker 2" })
        {
            // The exit code and the worker's own last line (its error about the tokenizer).
            Assert.Matches($"{worker} exited with code 1 \\(its last stderr line: error: [^;]*tokenizer", error);
        }

        Assert.DoesNotContain("workers: ", stderr, StringComparison.Ordinal); // no worker ever joined; no status line either
    }

    [Fact]
    public void InLineModeEveryTrialLineEndsWithThePoolState()
    {
        const int trials = 3;
        var (code, stdout, stderr) = CliRunner.Run(Search(_dir.File("run"), trials, "--workers", "1"));

        Assert.True(code == 0, stderr);
        Assert.Contains("best plan:", stdout, StringComparison.Ordinal);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var trialLines = lines.Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(trials, trialLines.Length);
        for (var t = 1; t <= trials; t++)
        {
            Assert.Matches($"^trial {t}/{trials} budget .* \\| workers: 1 alive, [01] busy, \\d+ trials? in flight, 0 retries$", trialLines[t - 1]);
        }

        Assert.DoesNotContain(lines, l => l.StartsWith("workers: ", StringComparison.Ordinal)); // part of the progress, not lines of its own
        Assert.DoesNotContain('\r', stderr);
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using TorchSharp;
using Xunit.Abstractions;

namespace GPTailor.Cli.Tests;

/// <summary>
/// <c>kill -9</c> of <c>gptailor apply --force</c> at 20 moments spread over the export leaves the target holding the
/// old or the new model, complete, and the next run leaves no temporary, old or lock entries beside it.
/// </summary>
[Collection("torch")]
public sealed class ApplyCrashCliTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private const int Layers = 8;
    private const string Marker = "writing config.json"; // reported after the lock is taken and the leftovers are swept

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void KillNineDuringApplyForceLeavesTheOldOrTheNewModelAndNoLeftovers()
    {
        // A family big enough that writing the float32 export takes a good part of a second.
        var config = RandomFamily.Config(Layers, vocab: 300, hidden: 768);
        string[] members;
        using (torch.NewDisposeScope())
        {
            members =
            [
                RandomFamily.WriteModel(Path.Combine(_dir.Path, "base"), config, RandomFamily.RandomTensors(config, 3)),
                RandomFamily.WriteModel(Path.Combine(_dir.Path, "candidate0"), config, RandomFamily.RandomTensors(config, 4)),
            ];
        }

        var family = Path.Combine(_dir.Path, "family.json");
        FamilyManifest.FromDirectories(members).Save(family);
        var plans = new[] { 1, 5 }.Select(removed =>
        {
            var path = Path.Combine(_dir.Path, $"plan-without-{removed}.json");
            PlanJson.Save(TailoringPlan.BaseWithout(Layers, 1, [removed]), path);
            return path;
        }).ToArray();
        string[] Apply(int plan, string target) => ["apply", "--family", family, "--plan", plans[plan], "--out", target, "--dtype", "float32", "--force"];

        // The two complete exports, and how long an export takes after the marker (calibration, uninterrupted runs).
        var parent = Path.Combine(_dir.Path, "out");
        var target = Path.Combine(parent, "model");
        var expected = new Dictionary<string, string>[2];
        var duration = TimeSpan.Zero;
        for (var run = 0; run < 3; run++)
        {
            var (code, took) = RunToEnd(Apply(run % 2, target));
            Assert.True(code == 0, $"calibration apply exited {code}");
            duration = run == 0 ? duration : duration == TimeSpan.Zero || took < duration ? took : duration; // the shorter replacing run (the first only creates the target), so that most kills land inside the export
            expected[run % 2] = Digest(target);
        }

        Assert.NotEqual(expected[0][ShardedSafetensorsWriter.SingleFileName], expected[1][ShardedSafetensorsWriter.SingleFileName]);
        output.WriteLine($"export after the marker: {duration.TotalSeconds:F2} s; model.safetensors {new FileInfo(Path.Combine(target, ShardedSafetensorsWriter.SingleFileName)).Length / 1e6:F0} MB");

        // 20 kills, one in each twentieth of the export's duration (seeded), each replacing the model the target holds.
        var random = new Random(20240611);
        var holds = 0; // the last calibration run wrote plan 0
        var inside = 0;
        IReadOnlyList<string> previousLeftovers = [];
        for (var i = 0; i < Kills; i++)
        {
            var next = 1 - holds;
            var delay = duration * ((i + random.NextDouble()) / Kills);
            var killed = RunAndKill(Apply(next, target), delay);
            inside += killed ? 1 : 0;

            Assert.True(Directory.Exists(target), $"kill {i} after {delay.TotalMilliseconds:F0} ms: {target} is missing; beside it: {string.Join(", ", Beside(parent))}");
            var digest = Digest(target);
            var match = Array.FindIndex(expected, e => Same(e, digest));
            Assert.True(match >= 0, $"kill {i} after {delay.TotalMilliseconds:F0} ms: {target} holds neither the old nor the new model: {string.Join(", ", digest.Keys)}");
            Assert.True(match == holds || match == next);
            holds = match;

            // This run swept what the previous kill left before it reached the marker: only its own entries remain.
            var leftovers = Beside(parent).Where(n => n != "model").ToArray();
            Assert.Empty(previousLeftovers.Where(n => n != ".model.lock").Intersect(leftovers));
            Assert.True(leftovers.Count(n => n.StartsWith(".model.tmp-", StringComparison.Ordinal)) <= 1, string.Join(", ", leftovers));
            Assert.All(leftovers, n => Assert.True(n == ".model.lock" || n.StartsWith(".model.tmp-", StringComparison.Ordinal) || n.StartsWith("model.old-", StringComparison.Ordinal), n));
            output.WriteLine($"kill {i,2} after {delay.TotalMilliseconds,5:F0} ms: {(killed ? "killed" : "had exited")}, target holds plan {match} ({(match == next ? "new" : "old")}), beside it: {string.Join(", ", leftovers)}");
            previousLeftovers = leftovers;
        }

        output.WriteLine($"{inside} of {Kills} kills landed before the export finished");
        Assert.True(inside >= Kills / 4, $"only {inside} of {Kills} kills landed inside the export; the model is too small for this machine");

        // The next complete run replaces the model and leaves nothing beside it.
        var last = 1 - holds;
        var (finalCode, _) = RunToEnd(Apply(last, target));
        Assert.Equal(0, finalCode);
        Assert.True(Same(expected[last], Digest(target)));
        Assert.Equal(["model"], Beside(parent));
    }

    /// <summary>Runs the tool to its end; returns its exit code and the export's duration (from the marker to "wrote").</summary>
    private static (int Code, TimeSpan Export) RunToEnd(string[] args)
    {
        using var process = CliRunner.Start(args);
        var wrote = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("wrote ", StringComparison.Ordinal) == true)
            {
                wrote.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        var marker = WatchForMarker(process);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "apply did not finish in 2 minutes");
        process.WaitForExit();
        var seen = marker.Task.GetAwaiter().GetResult();
        Assert.True(seen.HasValue && wrote.Task.IsCompleted, "apply never reported " + Marker);
        return (process.ExitCode, Stopwatch.GetElapsedTime(seen.Value, wrote.Task.Result));
    }

    /// <summary>Starts the tool, waits for the marker, then kills it with SIGKILL after the delay; false when it had already exited.</summary>
    private static bool RunAndKill(string[] args, TimeSpan delay)
    {
        using var process = CliRunner.Start(args);
        var marker = WatchForMarker(process);
        if (!marker.Task.Wait(TimeSpan.FromMinutes(2)) || marker.Task.Result is null)
        {
            process.WaitForExit();
            Assert.Fail($"apply never reported {Marker} (exit {process.ExitCode})");
        }

        process.WaitForExit(delay); // returns early when the export finished first
        var killed = false;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL on Unix: no handler, no finally block, no DeleteOnClose runs
                killed = true;
            }
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }

        process.WaitForExit();
        return killed && process.ExitCode != 0;
    }

    /// <summary>Reads stderr line by line (stdout is drained); completes with the time the marker was seen, or null at the end.</summary>
    private static TaskCompletionSource<long?> WatchForMarker(Process process)
    {
        var seen = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                seen.TrySetResult(null);
            }
            else if (e.Data.Contains(Marker, StringComparison.Ordinal))
            {
                seen.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        process.BeginErrorReadLine();
        return seen;
    }

    private static string[] Beside(string parent) =>
        Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every file of the export with its SHA-256 (the safetensors header and every tensor byte included).</summary>
    private static Dictionary<string, string> Digest(string directory) =>
        Directory.EnumerateFileSystemEntries(directory).ToDictionary(
            p => Path.GetFileName(p),
            p => File.Exists(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "(directory)",
            StringComparer.Ordinal);

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}

using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace GPTailor.Benchmarks;

/// <summary>
/// <c>--jobs N</c>: runs the benchmark's (problem, optimizer) units in up to N child processes of this program at once
/// (each single-threaded, as the benchmark sets libtorch to one thread), most expensive first, saving into one
/// directory, then renders the merged report as <c>--render</c> does. On 2 cores, 2 jobs take about half the wall time.
/// </summary>
internal static class SearchBenchmarkJobs
{
    /// <summary>Options that the parent decides for each child (removed from the arguments passed on), with their value.</summary>
    private static readonly string[] ParentOptions = ["--jobs", "--families", "--optimizers", "--save", "--write", "--notes", "--render"];

    public static async Task<int> RunAsync(string[] args, int jobs, IReadOnlyList<BenchmarkProblem> problems, IReadOnlyList<string> optimizers, string saveDirectory)
    {
        var passOn = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (ParentOptions.Contains(args[i]))
            {
                i++; // skip the value
            }
            else if (args[i] != "--quick")
            {
                passOn.Add(args[i]);
            }
        }

        if (args.Contains("--quick") && !args.Contains("--seeds"))
        {
            passOn.AddRange(["--seeds", "3"]);
        }

        // Most expensive first: layers × tasks, random search counted three times (its 360 trials).
        var units = problems.SelectMany(p => optimizers.Select(o => (Problem: p, Optimizer: o)))
            .OrderByDescending(u => u.Problem.Layers * (u.Problem is FamilyProblem f ? f.Options.SkillList.Count : 0) * (u.Optimizer == "random" ? 3 : 1))
            .ToList();
        Directory.CreateDirectory(saveDirectory);
        var watch = Stopwatch.StartNew();
        var queue = new Queue<(BenchmarkProblem Problem, string Optimizer)>(units);
        var failures = 0;
        var lockObject = new object();

        async Task Worker()
        {
            while (true)
            {
                (BenchmarkProblem Problem, string Optimizer) unit;
                lock (lockObject)
                {
                    if (queue.Count == 0)
                    {
                        return;
                    }

                    unit = queue.Dequeue();
                }

                var code = await RunChildAsync([.. passOn, "--families", unit.Problem.Name, "--optimizers", unit.Optimizer, "--save", saveDirectory]).ConfigureAwait(false);
                if (code != 0)
                {
                    Interlocked.Increment(ref failures);
                    Console.Error.WriteLine($"  {unit.Problem.Name} {unit.Optimizer}: child process failed with exit code {code}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, jobs).Select(_ => Task.Run(Worker))).ConfigureAwait(false);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search benchmark: {units.Count} units in {jobs} processes, {watch.Elapsed.TotalMinutes:F1} min wall"));
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> RunChildAsync(IReadOnlyList<string> arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("search");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start a benchmark process.");
        _ = child.StandardOutput.ReadToEndAsync(); // its markdown: the parent renders the merged runs
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }
}

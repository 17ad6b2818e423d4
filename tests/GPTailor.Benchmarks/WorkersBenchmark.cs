using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using GPTailor.Distributed;
using GPTailor.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace GPTailor.Benchmarks;

/// <summary>
/// Throughput of the worker pool (<c>workers</c>): (1) with a deliberately slow evaluator (a fixed sleep per trial, no
/// CPU) on N = 1..4 worker silos, against one worker; (2) with the real evaluator on real worker processes of the
/// gptailor tool, 2 workers × 1 thread against 1 worker × 2 threads, and one process evaluating in-process, side by side.
/// </summary>
public static class WorkersBenchmark
{
    private const string Secret = "benchmark-secret-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args)
    {
        var delayMs = StitchBenchmark.Arg(args, "--delay-ms", 250);
        var perWorker = StitchBenchmark.Arg(args, "--trials-per-worker", 12);
        var trials = StitchBenchmark.Arg(args, "--trials", 24);
        var inv = CultureInfo.InvariantCulture;

        Console.WriteLine(string.Create(inv, $"## slow evaluator: {delayMs} ms sleep per trial, {perWorker} trials per worker, in-process worker silos over loopback"));
        Console.WriteLine("| workers | trials | seconds | ideal seconds | trials/s | vs 1 worker | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        double? one = null;
        for (var n = 1; n <= 4; n++)
        {
            var rate = await SlowThroughputAsync(n, n * perWorker, TimeSpan.FromMilliseconds(delayMs));
            one ??= rate.PerSecond;
            Console.WriteLine(string.Create(inv, $"| {n} | {n * perWorker} | {rate.Seconds:F2} | {perWorker * delayMs / 1000.0:F2} | {rate.PerSecond:F2} | {rate.PerSecond / one:F2}× | ≥ {0.8 * n:F1}× |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"## real evaluator: {trials} random plans (after 2 warm-up trials per worker), on {Environment.ProcessorCount} cores"));
        var root = Path.Combine(Path.GetTempPath(), "gptailor-workers-bench");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }

        var hidden = StitchBenchmark.Arg(args, "--hidden", 256);
        var layers = StitchBenchmark.Arg(args, "--layers", 8);
        var manifest = StitchBenchmark.WriteFamily(root, hidden, layers, 2);
        File.WriteAllText(Path.Combine(root, "family.json"), new System.Text.Json.Nodes.JsonObject
        {
            ["base"] = manifest.Members[0].Directory,
            ["candidates"] = new System.Text.Json.Nodes.JsonArray(manifest.Members.Skip(1).Select(m => (System.Text.Json.Nodes.JsonNode)m.Directory).ToArray()),
        }.ToJsonString());
        var random = new Random(3);
        File.WriteAllLines(Path.Combine(root, "ppl.jsonl"), Enumerable.Range(0, 16).Select(_ => "{\"tokens\":[" + string.Join(',', Enumerable.Range(0, 128).Select(_ => random.Next(8000))) + "]}"));
        File.WriteAllText(Path.Combine(root, "tasks.json"), "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        var familyPath = Path.Combine(root, "family.json");
        var tasksPath = Path.Combine(root, "tasks.json");
        using var family = ModelFamily.Open(FamilyManifest.Load(familyPath));
        var taskSet = TaskSet.Load(tasksPath);
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = layers, CandidateCount = 2, RemoveCount = layers / 4 });
        var plans = Enumerable.Range(0, trials + 4).Select(_ => space.Decode(Enumerable.Range(0, space.Box.Dimension).Select(_ => random.NextDouble()).ToArray())).ToArray();
        var identity = EvaluationIdentity.Of(family, taskSet, EvaluationIdentity.Settings(ComputeDType.Float32.ToString(), 8, 2048));

        Console.WriteLine("| configuration | seconds | trials/s | vs 1 worker × 2 threads |");
        Console.WriteLine("|---|---|---|---|");
        var inProcess = InProcess(family, taskSet, plans, trials);
        var oneByTwo = await RealThroughputAsync(familyPath, tasksPath, identity, plans, trials, workers: 1, threads: 2);
        var twoByOne = await RealThroughputAsync(familyPath, tasksPath, identity, plans, trials, workers: 2, threads: 1);
        Console.WriteLine(string.Create(inv, $"| 1 worker × 2 threads | {oneByTwo.Seconds:F2} | {oneByTwo.PerSecond:F2} | 1.00× |"));
        Console.WriteLine(string.Create(inv, $"| 2 workers × 1 thread | {twoByOne.Seconds:F2} | {twoByOne.PerSecond:F2} | {twoByOne.PerSecond / oneByTwo.PerSecond:F2}× |"));
        Console.WriteLine(string.Create(inv, $"| no pool: in-process, {Environment.ProcessorCount} threads | {inProcess.Seconds:F2} | {inProcess.PerSecond:F2} | {inProcess.PerSecond / oneByTwo.PerSecond:F2}× |"));
        Directory.Delete(root, true);
        return 0;
    }

    private sealed record Rate(double Seconds, double PerSecond);

    private static WorkerClusterOptions Options(ClusterAddress? cluster, string clusterId) => new()
    {
        Secret = Secret,
        Cluster = cluster,
        ClusterId = clusterId,
        TrialTimeout = TimeSpan.FromMinutes(5),
        WorkerWaitTimeout = TimeSpan.FromSeconds(120),
    };

    private static async Task<Rate> SlowThroughputAsync(int workers, int trials, TimeSpan delay)
    {
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var identity = EvaluationIdentity.FromLines(["slow evaluator"]);
        await using var driver = await DriverCluster.StartAsync(Options(null, clusterId));
        var hosts = new List<WorkerHost>();
        using var evaluator = new SleepEvaluator(delay);
        try
        {
            for (var i = 0; i < workers; i++)
            {
                hosts.Add(await WorkerHost.StartAsync(evaluator, identity, 8, 2, "cpu", Options(driver.Address, clusterId)));
            }

            var pool = new WorkerPool(driver, identity, driver.Options);
            if (await pool.WaitForWorkersAsync(workers, TimeSpan.FromSeconds(60)) < workers)
            {
                throw new TimeoutException("The worker silos did not join.");
            }

            using var remote = new WorkerPoolEvaluator(pool, SleepEvaluator.Tasks);
            await remote.EvaluateAsync(TailoringPlan.Dense(8, 2), new EvaluationBudget(1)); // warm-up: first calls set up connections
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, trials).Select(i => remote.EvaluateAsync(TailoringPlan.BaseWithout(8, 2, [i % 8]), new EvaluationBudget(1))));
            return new Rate(watch.Elapsed.TotalSeconds, trials / watch.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static Rate InProcess(ModelFamily family, TaskSet tasks, TailoringPlan[] plans, int trials)
    {
        using var evaluator = new TaskSetEvaluator(new PlanStitcher(family), tasks, null, new ScoringOptions(8, 2048), ownsStitcher: true);
        evaluator.EvaluateAsync(plans[0], EvaluationBudget.Full).GetAwaiter().GetResult();
        evaluator.EvaluateAsync(plans[1], EvaluationBudget.Full).GetAwaiter().GetResult();
        var watch = Stopwatch.StartNew();
        foreach (var plan in plans.Skip(4).Take(trials))
        {
            evaluator.EvaluateAsync(plan, EvaluationBudget.Full).GetAwaiter().GetResult();
        }

        return new Rate(watch.Elapsed.TotalSeconds, trials / watch.Elapsed.TotalSeconds);
    }

    private static async Task<Rate> RealThroughputAsync(string familyPath, string tasksPath, EvaluationIdentity identity, TailoringPlan[] plans, int trials, int workers, int threads)
    {
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await using var driver = await DriverCluster.StartAsync(Options(null, clusterId));
        var processes = new List<Process>();
        try
        {
            var tool = typeof(WorkersBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GPTailorTool").Value!;
            for (var i = 0; i < workers; i++)
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true };
                foreach (var a in new[] { "exec", tool, "worker", "--family", familyPath, "--tasks", tasksPath, "--cluster", driver.Address.ToString(), "--cluster-id", clusterId, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--exit-with", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
                {
                    start.ArgumentList.Add(a);
                }

                start.Environment[ClusterSecret.EnvironmentVariable] = Secret;
                var process = Process.Start(start)!;
                process.ErrorDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                processes.Add(process);
            }

            var pool = new WorkerPool(driver, identity, driver.Options, NullLogger<WorkerPool>.Instance);
            if (await pool.WaitForWorkersAsync(workers, TimeSpan.FromSeconds(120)) < workers)
            {
                throw new TimeoutException("The worker processes did not join.");
            }

            using var remote = new WorkerPoolEvaluator(pool, ["ppl"]);
            await Task.WhenAll(plans.Take(2 * workers).Select(p => remote.EvaluateAsync(p, EvaluationBudget.Full))); // warm-up
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(plans.Skip(4).Take(trials).Select(p => remote.EvaluateAsync(p, EvaluationBudget.Full)));
            return new Rate(watch.Elapsed.TotalSeconds, trials / watch.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }

                process.Dispose();
            }
        }
    }

    private sealed class SleepEvaluator(TimeSpan delay) : IFitnessEvaluator
    {
        public static readonly string[] Tasks = ["slow"];

        public IReadOnlyList<string> TaskNames => Tasks;

        public async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            return new TaskScores([new TaskScore("slow", "nll", plan.Layers.Count, ObjectiveDirection.Minimize, 1)]);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}

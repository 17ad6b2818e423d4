using System.Diagnostics;
using System.Globalization;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Benchmarks;

/// <summary>
/// The search benchmark (issue 10): every registered optimizer (looked up through <see cref="IOptimizerCatalog"/>, as the
/// CLI does) × seeds on five families the project builds itself and two synthetic objectives, through the same
/// composition as <c>gptailor search</c> (initial design, Hyperband 11/33/100, ParEGO). Reports the anytime curve (best
/// calibration score at the full budget against trials), the calibration and test scores of the returned plan at
/// <c>--trials</c> and, for random search, also at <c>--random-trials</c> (its trajectory does not depend on the trial
/// limit, so one long run gives the shorter prefix too), with medians and spreads.
/// Arguments: <c>--quick</c> (synthetic objectives and the smallest family, 3 seeds), <c>--families a,b</c>,
/// (the held-out families of <see cref="SearchBenchmarkProblems.HeldOut"/> only when named), <c>--seeds N</c> (default 5), <c>--first-seed N</c> (0; seeds N..N+seeds−1, e.g. to add seeds to saved runs), <c>--optimizers a,b</c> (default: all registered), <c>--trials N</c> (120),
/// <c>--random-trials N</c> (360), <c>--batch N</c> (question groups per forward of the families' evaluator, 16), <c>--design N</c> (initial design size; default the search's),
/// <c>--cache DIR</c> (families; default ~/.cache/gptailor/search-bench), <c>--write FILE.md</c> (also write the
/// report and its SVG plots next to it), <c>--variants a,b</c> and <c>--tell last|level</c> (see <see cref="BenchmarkVariants"/>;
/// with <c>--tell</c> the optimizer's label gets a <c>/tell-…</c> suffix), <c>--save DIR</c> (keep each optimizer's runs
/// of each problem as JSON as soon as they finish), <c>--render DIR[,DIR…]</c> (only make the report of saved runs, merged) and
/// <c>--notes FILE.md</c> (text put before the tables of <c>--write</c>), <c>--jobs N</c> (run the (problem, optimizer)
/// units in N processes at once and render the merged result; see <see cref="SearchBenchmarkJobs"/>).
/// </summary>
public static class SearchBenchmark
{
    /// <summary>Runs the benchmark and prints markdown tables; returns the process exit code.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var seeds = ReadInt(args, "--seeds", quick ? 3 : 5);
        var firstSeed = ReadInt(args, "--first-seed", 0);
        var trials = ReadInt(args, "--trials", 120);
        var randomTrials = Math.Max(trials, ReadInt(args, "--random-trials", 360));
        var design = ReadInt(args, "--design", -1);
        FamilyProblem.BatchSize = Math.Max(1, ReadInt(args, "--batch", FamilyProblem.BatchSize));
        var cache = Read(args, "--cache") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gptailor", "search-bench");
        var names = Read(args, "--families")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? (quick ? [.. SearchBenchmarkProblems.Quick] : null);
        var defaults = SearchBenchmarkProblems.All();
        IReadOnlyList<BenchmarkProblem> all = [.. defaults, .. SearchBenchmarkProblems.HeldOut()];
        var unknown = names?.Where(n => all.All(p => p.Name != n)).ToArray() ?? [];
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"unknown problem(s): {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(p => p.Name))}");
            return 2;
        }

        var problems = names is null ? defaults.ToArray() : all.Where(p => names.Contains(p.Name)).ToArray();
        var variants = Read(args, "--variants")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (variants.FirstOrDefault(v => !BenchmarkVariants.Names.Contains(v)) is { } badVariant)
        {
            Console.Error.WriteLine($"unknown variant {badVariant}; known: {string.Join(", ", BenchmarkVariants.Names)}");
            return 2;
        }

        HyperbandTellMode? tell = Read(args, "--tell") switch
        {
            null => null,
            "last" => HyperbandTellMode.LastValue,
            "level" => HyperbandTellMode.LevelEncoded,
            var other => throw new ArgumentException($"--tell must be last or level, not {other}."),
        };
        Action<GPTailorBuilder> configure = b => BenchmarkVariants.Configure(b, variants, tell);
        string[] optimizers;
        using (var probe = problems[0].CreateServices(configure))
        {
            var catalog = probe.GetRequiredService<IOptimizerCatalog>();
            optimizers = Read(args, "--optimizers")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [.. catalog.Names.Except(BenchmarkVariants.Names.Except(variants))];
            foreach (var o in optimizers)
            {
                _ = catalog.Get(o); // unknown names fail here, listing the registered ones
            }
        }

        var settings = new SearchBenchmarkSettings(trials, randomTrials, seeds, design >= 0 ? design : SearchRequest.DefaultInitialDesignSize);
        if (Read(args, "--render") is { } saved)
        {
            var (loaded, loadedSettings) = SearchBenchmarkResults.Load(saved, all.Select(p => p.Name).ToArray());
            var rendered = new SearchBenchmarkReport(loadedSettings);
            foreach (var p in loaded)
            {
                rendered.Add(p);
            }

            Finish(rendered, args);
            return 0;
        }

        var jobs = ReadInt(args, "--jobs", 1);
        if (jobs > 1)
        {
            var directory = Read(args, "--save") ?? Path.Combine(Path.GetTempPath(), $"gptailor-search-bench-{Environment.ProcessId}");
            var code = await SearchBenchmarkJobs.RunAsync(args, jobs, problems, optimizers, directory).ConfigureAwait(false);
            var (merged, mergedSettings) = SearchBenchmarkResults.Load(directory, all.Select(p => p.Name).ToArray());
            var mergedReport = new SearchBenchmarkReport(mergedSettings);
            foreach (var p in merged.Where(p => problems.Any(q => q.Name == p.Name)))
            {
                mergedReport.Add(p);
            }

            Finish(mergedReport, args);
            return code;
        }

        TorchSharp.torch.set_num_threads(1); // models this small run faster on one thread, and the machine is shared
        var save = Read(args, "--save");
        var suffix = tell is { } t ? $"/tell-{t}" : "";
        var total = Stopwatch.StartNew();
        var report = new SearchBenchmarkReport(settings);
        Console.Error.WriteLine($"search benchmark: {problems.Length} problems × {optimizers.Length} optimizers ({string.Join(", ", optimizers)}) × {seeds} seeds; {trials} trials ({randomTrials} for random)");
        foreach (var problem in problems)
        {
            using var _ = problem;
            await problem.PrepareAsync(cache, Console.Error).ConfigureAwait(false);
            var result = new ProblemResult(problem.Name, problem.Description, problem.Optimum);
            foreach (var optimizer in optimizers)
            {
                var watch = Stopwatch.StartNew();
                var length = optimizer == "random" ? randomTrials : trials;
                for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
                {
                    result.Runs.Add(await RunOnceAsync(problem, configure, optimizer, seed, length, trials, design).ConfigureAwait(false) with { Optimizer = optimizer + suffix });
                }

                result.Seconds[optimizer + suffix] = watch.Elapsed.TotalSeconds;
                if (save is not null)
                {
                    SearchBenchmarkResults.Save(save, result, optimizer + suffix, settings, firstSeed);
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {problem.Name} {optimizer}: {seeds} × {length} trials in {watch.Elapsed.TotalSeconds:F0} s"));
            }

            report.Add(result);
        }

        report.WallSeconds = total.Elapsed.TotalSeconds;
        Finish(report, args);
        return 0;
    }

    private static void Finish(SearchBenchmarkReport report, string[] args)
    {
        Console.WriteLine(report.Markdown(null));
        if (Read(args, "--write") is { } path)
        {
            report.Write(path, Read(args, "--notes") is { } notes ? File.ReadAllText(notes) : null);
            Console.Error.WriteLine($"wrote {path}");
        }
    }

    private static async Task<RunOutcome> RunOnceAsync(BenchmarkProblem problem, Action<GPTailorBuilder> configure, string optimizer, int seed, int length, int horizon, int design)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gptailor-search-bench-runs-{Environment.ProcessId}", $"{problem.Name}-{optimizer}-{seed}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        try
        {
            using var services = problem.CreateServices(configure);
            var result = await services.GetRequiredService<TailoringRunner>().SearchAsync(new SearchRequest
            {
                FamilyPath = problem.FamilyPath,
                TasksPath = problem.TasksPath,
                RunDirectory = directory,
                Remove = problem.Removals,
                Optimizer = optimizer,
                Trials = length,
                MinBudget = BenchmarkProblem.MinBudget,
                MaxBudget = BenchmarkProblem.MaxBudget,
                Seed = seed,
                InitialDesignSize = design >= 0 ? design : null,
            }).ConfigureAwait(false);
            var trials = result.Trials.OrderBy(t => t.Trial).Select(t => new TrialPoint(t.Trial, t.Budget, t.Scores!.Scores.Average(s => s.Value), t.Plan, t.PlanHash)).ToArray();
            var outcome = new RunOutcome(optimizer, seed, Curve(trials, length));
            foreach (var h in new[] { horizon, length }.Distinct())
            {
                if (Returned(trials, h) is { } best)
                {
                    outcome.Returned[h] = (best.Score, await problem.TestScoreAsync(best.Plan).ConfigureAwait(false), best.Budget);
                }
            }

            outcome.Distinct = trials.Select(t => t.Hash).Distinct().Count();
            var scored = result.Trials.Where(t => t.Trial < horizon && t.Scores is not null).Select(t => t.Scores!.Counters ?? new Dictionary<string, long>()).ToArray();
            outcome.LayerForwards = scored.Sum(c => c.GetValueOrDefault(Models.TaskSetEvaluator.LayerForwardsCounter));
            outcome.LayerForwardsSaved = scored.Sum(c => c.GetValueOrDefault(Models.TaskSetEvaluator.LayerForwardsSavedCounter));
            return outcome;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Best mean calibration score at the full budget among the first t trials, t = 1..length (NaN before the first).</summary>
    private static double[] Curve(IReadOnlyList<TrialPoint> trials, int length)
    {
        var curve = new double[length];
        var best = double.NaN;
        var i = 0;
        for (var t = 0; t < length; t++)
        {
            for (; i < trials.Count && trials[i].Trial <= t; i++)
            {
                if (trials[i].Budget >= BenchmarkProblem.MaxBudget && !(trials[i].Score <= best))
                {
                    best = trials[i].Score;
                }
            }

            curve[t] = best;
        }

        return curve;
    }

    /// <summary>The plan a search stopped after <paramref name="horizon"/> trials returns: the best mean score at the highest budget reached (ties: earlier).</summary>
    private static TrialPoint? Returned(IReadOnlyList<TrialPoint> trials, int horizon)
    {
        var within = trials.Where(t => t.Trial < horizon).ToArray();
        if (within.Length == 0)
        {
            return null;
        }

        var top = within.Max(t => t.Budget);
        return within.Where(t => t.Budget == top).OrderByDescending(t => t.Score).ThenBy(t => t.Trial).First();
    }

    private static string? Read(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int ReadInt(string[] args, string name, int fallback) =>
        Read(args, name) is { } text && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    private sealed record TrialPoint(long Trial, int Budget, double Score, TailoringPlan Plan, string Hash);
}

/// <summary>One search of the benchmark.</summary>
internal sealed record RunOutcome(string Optimizer, int Seed, double[] Curve)
{
    /// <summary>Trial horizon → the returned plan's mean calibration score, mean test score and budget.</summary>
    public Dictionary<int, (double Calibration, double Test, int Budget)> Returned { get; } = [];

    /// <summary>Distinct plans evaluated.</summary>
    public int Distinct { get; set; }

    /// <summary>Decoder-layer forwards run within the first <c>--trials</c> trials (journal counters; null for runs saved without them).</summary>
    public long? LayerForwards { get; set; }

    /// <summary>Decoder-layer forwards the prefix-activation cache saved within the first <c>--trials</c> trials.</summary>
    public long? LayerForwardsSaved { get; set; }
}

/// <summary>The runs of one problem.</summary>
internal sealed record ProblemResult(string Name, string Description, double? Optimum)
{
    public List<RunOutcome> Runs { get; } = [];

    public Dictionary<string, double> Seconds { get; } = [];
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using GPTailor.Models;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using TorchSharp;

namespace GPTailor.Workflows;

/// <summary>
/// The main job: build or reuse the embedded family, run every baseline and GPTailor at about 25 % of the layers
/// removed, score everything on the test splits, print the table and write results.json, results.md, the best
/// tailored model and a picture of its plan.
/// </summary>
public static class DemoRunner
{
    /// <summary>Runs the demo; returns the table rows.</summary>
    public static async Task<IReadOnlyList<DemoRow>> RunAsync(DemoOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var total = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(output);
        ExportTarget.SweepLeftoversUnlessLocked(Path.Combine(output, "tailored-model")); // what a killed demo's export left

        log.WriteLine("[1/5] default family");
        var watch = Stopwatch.StartNew();
        var familyDir = options.FamilyDirectory ?? DefaultFamilyBuilder.DefaultDirectory;
        BuiltDefaultFamily built;
        try
        {
            built = await DefaultFamilyBuilder.BuildAsync(familyDir, new DefaultFamilyOptions(), options.FamilyProgress ?? new Progress<DefaultFamilyProgress>(p => log.Write("\r  " + p.ToBar() + "   ")), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (options.FamilyProgress as IDisposable)?.Dispose();
        }

        if (options.FamilyProgress is null)
        {
            log.WriteLine(); // ends the redrawn bar's line
        }

        var familySeconds = watch.Elapsed.TotalSeconds;
        log.WriteLine(built.Reused ? $"  reused {built.Directory}" : $"  built {built.Directory} in {familySeconds:F0} s");
        log.WriteLine($"  CPU kernels: {TorchRuntime.CpuKernels}{(TorchRuntime.CpuKernels == "native" ? " (the family and the numbers can differ from docs/results.md, which pins AVX2 kernels)" : string.Empty)}");

        using var family = ModelFamily.Open(FamilyManifest.Load(built.FamilyPath));
        var tokenizer = HfTokenizer.Load(family.BaseDirectory);
        var calibration = TaskSet.Load(built.CalibrationTasksPath);
        var test = TaskSet.Load(built.TestTasksPath);
        var skills = test.Tasks.Select(t => t.Name).ToArray();
        var n = family.LayerCount;
        var remove = Math.Max(1, (int)Math.Round(n * options.RemoveFraction));
        using var stitcher = new PlanStitcher(family, new StitcherOptions { ComputeDType = options.ComputeDType, Device = options.Device });
        using var testEvaluator = new FitnessEvaluatorBuilder(new TaskSetEvaluator(stitcher, test, tokenizer))
            .UseCaching() // baselines often pick the same layers: score a plan once
            .Build();
        var rows = new List<DemoRow>();
        double denseAverage = double.NaN;

        async Task<DemoRow> Score(string method, TailoringPlan plan)
        {
            var scores = await testEvaluator.EvaluateAsync(plan, EvaluationBudget.Full, cancellationToken).ConfigureAwait(false);
            var bySkill = scores.Scores.ToDictionary(s => s.Task, s => s.Value);
            var average = bySkill.Values.Average();
            if (double.IsNaN(denseAverage))
            {
                denseAverage = average;
            }

            var row = new DemoRow(method, plan.Layers.Count, bySkill, average, 100 * average / denseAverage);
            rows.Add(row);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {method,-26} layers {row.Layers,2}  average {average * 100:F1}  retained {row.Retained:F1} %"));
            return row;
        }

        log.WriteLine("[2/5] dense models on the test splits");
        await Score("dense", TailoringPlan.Dense(n, family.CandidateCount)).ConfigureAwait(false);
        for (var j = 1; j <= family.CandidateCount; j++)
        {
            await Score($"dense fine-tune: {family.Members[j].Name}", TailoringPlan.Dense(n, family.CandidateCount, j)).ConfigureAwait(false);
        }

        log.WriteLine($"[3/5] single-model pruning baselines (remove {remove} of {n} layers)");
        var calibrationSequences = CalibrationSequences(calibration, tokenizer, options.BaselineCalibrationPerSkill);
        var baselineWatch = Stopwatch.StartNew();
        foreach (var method in PruningBaselines.Methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var planWatch = Stopwatch.StartNew();
            var plan = PruningBaselines.Plan(method, family, calibrationSequences, remove, cancellationToken: cancellationToken);
            var planSeconds = planWatch.Elapsed.TotalSeconds;
            await Score(method, plan).ConfigureAwait(false);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    (plan {planSeconds:F1} s, test scoring {planWatch.Elapsed.TotalSeconds - planSeconds:F1} s)"));
        }

        var baselineSeconds = baselineWatch.Elapsed.TotalSeconds;

        log.WriteLine("[4/5] GPTailor searches on the calibration splits");
        var removalOnly = await SearchAsync(options, built, remove, removalOnly: true, options.RemovalOnlyTrials, Path.Combine(output, "runs", "removal-only"), log, cancellationToken).ConfigureAwait(false);
        await Score("GPTailor (removal only)", removalOnly.Result.BestPlan).ConfigureAwait(false);
        var full = await SearchAsync(options, built, remove, removalOnly: false, options.Trials, Path.Combine(output, "runs", "gptailor"), log, cancellationToken).ConfigureAwait(false);
        var best = await Score("GPTailor", full.Result.BestPlan).ConfigureAwait(false);

        log.WriteLine("[5/5] writing results");
        var names = family.Members.Select(m => m.IsBase ? "base" : m.Name).ToArray();
        File.WriteAllText(Path.Combine(output, "plan.svg"), PlanSvgRenderer.Render(full.Result.BestPlan, names, $"GPTailor plan: {best.Layers}/{n} layers, retained {best.Retained:F1} %"));
        ExportInput[] inputs =
        [
            new(removalOnly.Result.RunDirectory, "the removal-only run directory"),
            new(full.Result.RunDirectory, "the GPTailor run directory"),
            new(built.CalibrationTasksPath, "the calibration tasks file"),
            new(built.TestTasksPath, "the test tasks file"),
            .. calibration.Tasks.Concat(test.Tasks).Select(t => new ExportInput(t.Path, $"the data of task '{t.Name}'")),
        ];
        TailoredModelExporter.Export(family, full.Result.BestPlan, Path.Combine(output, "tailored-model"), new ExportOptions { DType = ComputeDType.Float32, Force = true, Inputs = inputs });
        File.WriteAllText(Path.Combine(output, "results.json"), DemoReport.Json(rows) + "\n");
        var table = DemoReport.Table(rows, skills);
        var md = new StringBuilder();
        md.AppendLine("# GPTailor demo results");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Family: {built.Directory} (base + {family.CandidateCount} fine-tunes, {n} layers). Removed: {remove} layers. Test splits: {test.Tasks.Count} skills, never used in the search. Search seed {options.Seed}; each search's top {options.Finalists} plans are scored again on the whole calibration split and the best is kept. CPU kernels: {TorchRuntime.CpuKernels}, {torch.get_num_threads()} threads.");
        md.AppendLine();
        md.Append(table);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Search cost: removal-only {removalOnly.Trials} trials in {removalOnly.Seconds:F0} s; full GPTailor {full.Trials} trials and {full.Result.Finalists.Count} finalists in {full.Seconds:F0} s (per evaluation: stitching {full.StitchSeconds * 1000 / Math.Max(1, full.Evaluations):F0} ms, scoring {full.EvaluateSeconds * 1000 / Math.Max(1, full.Evaluations):F0} ms). Baselines: {baselineSeconds:F0} s. Family: {(built.Reused ? "reused" : $"built in {familySeconds:F0} s")}. Whole demo: {total.Elapsed.TotalSeconds:F0} s.");
        File.WriteAllText(Path.Combine(output, "results.md"), md.ToString());
        log.WriteLine();
        if (options.WriteTable is { } writeTable)
        {
            writeTable(rows, skills);
        }
        else
        {
            log.Write(table);
        }

        log.WriteLine();
        log.WriteLine($"wrote {Path.Combine(output, "results.json")}, results.md, plan.svg and tailored-model/ ({total.Elapsed.TotalSeconds:F0} s)");
        return rows;
    }

    private static IReadOnlyList<int[]> CalibrationSequences(TaskSet calibration, HfTokenizer tokenizer, int perSkill) =>
        calibration.Tasks
            .SelectMany(t => TaskDataReader.ReadMultipleChoice(t.Path, perSkill))
            .Select(d => tokenizer.Encode(d.Context + " " + d.Choices[d.Gold]))
            .ToArray();

    private static async Task<SearchOutcome> SearchAsync(DemoOptions options, BuiltDefaultFamily built, int remove, bool removalOnly, int trials, string runDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        if (Directory.Exists(runDirectory))
        {
            Directory.Delete(runDirectory, recursive: true);
        }

        var evaluators = new List<IFitnessEvaluator>();
        var collection = new ServiceCollection();
        collection.AddGPTailor()
            .AddSearch()
            .AddTorchSharpModels(o =>
            {
                o.ComputeDType = options.ComputeDType;
                o.Device = options.Device;
                o.BatchSize = options.SearchBatchSize;
                o.MaxLength = options.SearchMaxLength;
            })
            .ConfigureEvaluator(pipeline => pipeline.Use(evaluator =>
            {
                evaluators.Add(evaluator); // to read its statistics after the search
                return evaluator;
            }));
        using var services = collection.BuildServiceProvider();
        var watch = Stopwatch.StartNew();
        var progress = options.SearchProgress?.Invoke() ?? new SearchProgressBar(log);
        SearchResult result;
        try
        {
            result = await services.GetRequiredService<TailoringRunner>().SearchAsync(
                new SearchRequest
                {
                    FamilyPath = built.FamilyPath,
                    TasksPath = built.CalibrationTasksPath,
                    RunDirectory = runDirectory,
                    Remove = remove,
                    Optimizer = "evolution",
                    Trials = trials,
                    MinBudget = options.MinBudget,
                    MaxBudget = options.MaxBudget,
                    Seed = options.Seed,
                    RemovalOnly = removalOnly,
                    InitialDesignSize = options.InitialDesign,
                    Finalists = options.Finalists,
                },
                progress,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (progress as IDisposable)?.Dispose();
        }

        if (options.SearchProgress is null)
        {
            log.WriteLine(); // ends the redrawn bar's line
        }

        foreach (var f in result.Finalists)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  finalist trial {f.Trial,3}: calibration average {f.SearchScores.Scores.Average(s => s.Value) * 100:F1} on {f.SearchBudget} questions per skill, {f.FinalScores.Scores.Average(s => s.Value) * 100:F1} on all{(ReferenceEquals(f.Plan, result.BestPlan) ? "  <- chosen" : string.Empty)}"));
        }

        var statistics = evaluators.Select(e => e.GetService<TaskSetEvaluator>()?.Statistics).OfType<EvaluatorStatistics>().ToArray();
        return new SearchOutcome(result, result.Trials.Count, watch.Elapsed.TotalSeconds, statistics.Sum(s => s.Evaluations), statistics.Sum(s => s.StitchSeconds), statistics.Sum(s => s.ScoreSeconds));
    }

    private sealed record SearchOutcome(SearchResult Result, int Trials, double Seconds, int Evaluations, double StitchSeconds, double EvaluateSeconds);
}

using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Cli;

/// <summary><c>gptailor search</c>: the resumable GPTailor search.</summary>
internal static class SearchCommand
{
    public static Command Create(CliConsole console)
    {
        var family = CommonOptions.Family();
        var tasks = new Option<string>("--tasks") { Description = "tasks.json of the calibration tasks.", Required = true };
        var remove = new Option<int?>("--remove") { Description = "Remove exactly N layers." };
        var keep = new Option<int?>("--keep") { Description = "Keep exactly N layers." };
        var sparsity = new Option<double?>("--sparsity") { Description = "Remove ⌈N·s⌉ layers." };
        var optimizer = new Option<string>("--optimizer") { Description = "evolution (default), spsa, cmaes, random or smac.", DefaultValueFactory = _ => "evolution" };
        var trials = new Option<int>("--trials") { Description = "Maximum trials.", DefaultValueFactory = _ => 100 };
        var budgetMin = new Option<int?>("--budget-min") { Description = "Smallest budget (documents per task) for Hyperband." };
        var budgetMax = new Option<int?>("--budget-max") { Description = "Largest budget (documents per task); all documents by default." };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Run directory (journal, state, best plan, Pareto front, trials.csv).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in --out." };
        var export = new Option<string?>("--export") { Description = "Also export the best plan as a Hugging Face directory." };
        var force = new Option<bool>("--force") { Description = "With --export: replace a previous export there (only a folder an export wrote; anything else is refused)." };
        var removalOnly = new Option<bool>("--removal-only") { Description = "Search layer removal only (no candidates)." };
        var design = new Option<int?>("--initial-design") { Description = "Points of the reference initial design evaluated first (default 24; 0 disables)." };
        var finalists = new Option<int>("--finalists") { Description = "Score the top N plans of the highest budget again on more documents and keep the best (0 = off)." };
        var finalistBudget = new Option<int?>("--finalist-budget") { Description = "Documents per task for the finalists (default: all)." };
        var compute = new ComputeOptions();
        var noPrefixCache = new Option<bool>("--no-prefix-cache") { Description = "Do not reuse the hidden states of layer prefixes shared with earlier trials (scores are identical either way; the cache costs memory)." };
        var json = CommonOptions.Json();
        var mergeOnDevice = CommonOptions.MergeOnDevice();
        var verbose = new Option<bool>("--verbose") { Description = "Log every trial." };
        var distributed = new DistributedSearchOptions();
        var command = new Command("search", "Search a tailoring plan (layer removal, per-layer member choice and task-arithmetic merging).")
        {
            family, tasks, remove, keep, sparsity, optimizer, trials, budgetMin, budgetMax, seed, output, resume, export, force, removalOnly, design, finalists, finalistBudget, compute, noPrefixCache, mergeOnDevice, json, verbose,
        };
        foreach (var option in distributed.All)
        {
            command.Add(option);
        }

        command.SetAction((r, ct) => CliErrors.RunAsync(console, async () =>
        {
            var computeDType = compute.Validate(r);
            if (r.GetValue(trials) < 1)
            {
                throw new ArgumentException("--trials must be ≥ 1.");
            }

            var max = r.GetValue(budgetMax) ?? int.MaxValue;
            var min = r.GetValue(budgetMin) ?? max;
            if (min < 1 || max < min)
            {
                throw new ArgumentException("--budget-min must be ≥ 1 and ≤ --budget-max.");
            }

            var sourceCacheBytes = CommonOptions.MergeOnDeviceBytes(r.GetValue(mergeOnDevice));
            string[] workerArguments = ["--merge-on-device", r.GetValue(mergeOnDevice).ToString("R", CultureInfo.InvariantCulture), "--family", Path.GetFullPath(r.GetValue(family)!), "--tasks", Path.GetFullPath(r.GetValue(tasks)!), "--dtype", r.GetValue(compute.DType)!, "--batch-size", r.GetValue(compute.BatchSize).ToString(CultureInfo.InvariantCulture), "--max-length", r.GetValue(compute.MaxLength).ToString(CultureInfo.InvariantCulture)];
            await using var pool = await distributed.StartAsync(r, r.GetValue(compute.Device)!, workerArguments, ClusterCommandOptions.Settings(computeDType, r.GetValue(compute.BatchSize), r.GetValue(compute.MaxLength)), console, r.GetValue(verbose), ct).ConfigureAwait(false);
            var device = pool is null ? compute.ResolveDevice(r, console) : ComputeDevice.Cpu; // the driver of a pool evaluates nothing
            if (pool is null)
            {
                CommonOptions.WarnIfMergingOnCpu(console, device, sourceCacheBytes); // a pool's workers warn for themselves
            }

            using var services = Composition.Build(
                o =>
                {
                    o.ComputeDType = computeDType;
                    o.Device = device;
                    o.BatchSize = r.GetValue(compute.BatchSize);
                    o.MaxLength = r.GetValue(compute.MaxLength);
                    o.PrefixCacheBytes = r.GetValue(noPrefixCache) ? 0 : o.PrefixCacheBytes;
                    o.SourceCacheBytes = sourceCacheBytes;
                },
                r.GetValue(verbose),
                pool is null ? null : pool.Compose);
            var request = new SearchRequest
            {
                FamilyPath = r.GetValue(family)!,
                TasksPath = r.GetValue(tasks)!,
                RunDirectory = r.GetValue(output)!,
                Remove = r.GetValue(remove),
                Keep = r.GetValue(keep),
                Sparsity = r.GetValue(sparsity),
                Optimizer = r.GetValue(optimizer),
                Trials = r.GetValue(trials),
                MinBudget = min,
                MaxBudget = max,
                Seed = r.GetValue(seed),
                Resume = r.GetValue(resume),
                RemovalOnly = r.GetValue(removalOnly),
                InitialDesignSize = r.GetValue(design),
                Finalists = r.GetValue(finalists),
                FinalistBudget = r.GetValue(finalistBudget),
                Concurrency = pool is null ? 1 : DistributedSearchOptions.Concurrency,
            };
            var exportDir = r.GetValue(export);
            var exportInputs = exportDir is null ? [] : ExportInputs(request);
            if (exportDir is not null)
            {
                // Refuse a bad --export before the search, not after it; the exporter checks again.
                ExportTarget.Check(exportDir, exportInputs, r.GetValue(force));
            }

            SearchResult result;
            using (var progress = r.GetValue(json) ? null : new SearchProgressDisplay(console))
            {
                if (progress is not null)
                {
                    pool?.ShowIn(progress);
                }

                result = await services.GetRequiredService<TailoringRunner>().SearchAsync(request, progress, ct).ConfigureAwait(false);
            }

            if (exportDir is not null)
            {
                using var f = ModelFamily.Open(FamilyManifest.Load(request.FamilyPath));
                TailoredModelExporter.Export(f, result.BestPlan, exportDir, new ExportOptions { Force = r.GetValue(force), Inputs = exportInputs });
            }

            Print(console, result, r.GetValue(json));
            return 0;
        }));
        return command;
    }

    /// <summary>What <c>--export</c> must never write over: the family file and members, the tasks file and its data files, the run directory.</summary>
    private static ExportInput[] ExportInputs(SearchRequest request)
    {
        var inputs = new List<ExportInput>
        {
            new(request.RunDirectory, "the run directory"),
            new(request.FamilyPath, "the family file"),
            new(request.TasksPath, "the tasks file"),
        };
        if (File.Exists(request.FamilyPath))
        {
            inputs.AddRange(FamilyManifest.Load(request.FamilyPath).Members.Select(ExportInput.Member));
        }

        if (File.Exists(request.TasksPath))
        {
            inputs.AddRange(TaskSet.Load(request.TasksPath).Tasks.Select(t => new ExportInput(t.Path, $"the data of task '{t.Name}'")));
        }

        return [.. inputs];
    }

    private static void Print(CliConsole console, SearchResult result, bool json)
    {
        var scores = new JsonObject();
        foreach (var s in result.BestScores.Scores)
        {
            scores[s.Task] = s.Value;
        }

        if (json)
        {
            console.Out.WriteLine(new JsonObject
            {
                ["best_plan"] = PlanJson.ToNode(result.BestPlan),
                ["best_scores"] = scores,
                ["budget"] = result.BestBudget == int.MaxValue ? "all" : result.BestBudget,
                ["finalists"] = result.Finalists.Count,
                ["trials"] = result.Trials.Count,
                ["pareto_front"] = result.ParetoFront.Count,
                ["run_directory"] = Path.GetFullPath(result.RunDirectory),
            }.ToJsonString());
            return;
        }

        console.Out.WriteLine($"best plan: {result.BestPlan.Layers.Count} of {result.BestPlan.SourceLayerCount} layers, removed [{string.Join(", ", result.BestPlan.RemovedLayers)}] at budget {(result.BestBudget == int.MaxValue ? "all" : result.BestBudget)}{(result.Finalists.Count > 0 ? $" (best of {result.Finalists.Count} finalists)" : string.Empty)}");
        foreach (var s in result.BestScores.Scores)
        {
            console.Out.WriteLine($"  {s.Task,-20} {s.Metric,-8} {s.Value:F4}");
        }

        console.Out.WriteLine($"{result.Trials.Count} trials, {result.ParetoFront.Count} on the Pareto front; outputs in {Path.GetFullPath(result.RunDirectory)}");
        var run = result.Trials.Sum(t => t.Scores?.Counters?.GetValueOrDefault(TaskSetEvaluator.LayerForwardsCounter) ?? 0);
        var saved = result.Trials.Sum(t => t.Scores?.Counters?.GetValueOrDefault(TaskSetEvaluator.LayerForwardsSavedCounter) ?? 0);
        if (run + saved > 0)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"layer forwards: {run} run, {saved} saved by the prefix cache ({100.0 * saved / (run + saved):F1} %)"));
        }
    }
}

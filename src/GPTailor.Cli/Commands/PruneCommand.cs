namespace GPTailor.Cli;

/// <summary>
/// <c>gptailor prune --model DIR --method M --remove N --data FILE.jsonl --out DIR</c>: a single-model pruning baseline,
/// exported as a Hugging Face directory with its plan (gptailor-plan.json).
/// </summary>
internal static class PruneCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model("Model directory (pruned as a family of one).");
        var method = new Option<string>("--method") { Description = string.Join("|", PruningBaselines.Methods), Required = true };
        var remove = new Option<int>("--remove") { Description = "Number of layers to remove.", Required = true };
        var data = new Option<string?>("--data") { Description = "Calibration JSONL ({\"text\"} or {\"tokens\"}); required except for drop-last." };
        var output = new Option<string>("--out") { Description = "Output directory.", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Stored dtype: bfloat16, float32 or source.", DefaultValueFactory = _ => "bfloat16" };
        var compute = new ComputeOptions(new Option<string>("--compute-dtype") { Description = "Compute dtype of the calibration passes: float32 or bfloat16.", DefaultValueFactory = _ => "float32" });
        var force = new Option<bool>("--force") { Description = "Replace a previous export at --out (only a folder an export wrote; anything else is refused)." };
        var json = CommonOptions.Json();
        var threshold = new Option<double>("--laco-threshold") { Description = "LaCo: similarity threshold T.", DefaultValueFactory = _ => 0.45 };
        var mergeLayers = new Option<int?>("--laco-merge-layers") { Description = "LaCo: C (a layer merges with C − 1 successors); default round(7·N/40) in [2, N − 1]." };
        var notebook = new Option<bool>("--laco-notebook") { Description = "LaCo: the reference notebook's merge (the last absorbed layer's weights) instead of the paper's RDSC sum." };
        var command = new Command("prune", "Prune the model with a single-model baseline and export it (plan in gptailor-plan.json).")
        {
            model, method, remove, data, output, dtype, compute, force, json, threshold, mergeLayers, notebook,
        };
        command.SetAction((r, ct) => CliErrors.RunAsync(console, () =>
        {
            var computeDType = compute.Validate(r);
            var stored = ExportOptions.ParseDType(r.GetValue(dtype)!);
            var name = r.GetValue(method)!;
            if (!PruningBaselines.Methods.Contains(name))
            {
                throw new ArgumentException($"Unknown --method {name} (use {string.Join(", ", PruningBaselines.Methods)}).");
            }

            var dir = r.GetValue(model)!;
            var dataPath = r.GetValue(data);
            if (dataPath is null && name != "drop-last")
            {
                throw new ArgumentException($"--method {name} needs --data (calibration JSONL).");
            }

            // Refuse a bad --out before the calibration passes; the exporter checks again (and adds the model directory).
            ExportInput[] inputs = dataPath is null ? [] : [new ExportInput(dataPath, "the calibration data")];
            ExportTarget.Check(r.GetValue(output)!, [new ExportInput(dir, "the model directory"), .. inputs], r.GetValue(force));
            using var family = ModelFamily.Open(FamilyManifest.FromDirectories([Path.GetFullPath(dir)]));
            var calibration = dataPath is null ? [] : CalibrationData.Read(dir, dataPath);
            var options = new BaselineOptions
            {
                BatchSize = r.GetValue(compute.BatchSize),
                MaxLength = r.GetValue(compute.MaxLength),
                ComputeDType = computeDType,
                Device = compute.ResolveDevice(r, console),
                Laco = new LacoOptions { Threshold = r.GetValue(threshold), MergeLayers = r.GetValue(mergeLayers), Mode = r.GetValue(notebook) ? CollapseMode.Notebook : CollapseMode.Rdsc },
                Progress = new StderrProgress(console),
            };
            var count = r.GetValue(remove);
            var plan = PruningBaselines.Plan(name, family, calibration, count, options, ct);
            if (plan.RemovedLayers.Count < count)
            {
                console.Error.WriteLine($"warning: {name} removed only {plan.RemovedLayers.Count} of the {count} layers requested (its threshold rejected further merges).");
            }

            var written = TailoredModelExporter.Export(family, plan, r.GetValue(output)!, new ExportOptions { DType = stored, Force = r.GetValue(force), Inputs = inputs });
            if (r.GetValue(json))
            {
                console.Out.WriteLine(new JsonObject
                {
                    ["method"] = name,
                    ["removed"] = new JsonArray(plan.RemovedLayers.Select(l => (JsonNode)l).ToArray()),
                    ["layers"] = plan.Layers.Count,
                    ["out"] = written,
                    ["plan"] = PlanJson.ToNode(plan),
                }.ToJsonString());
            }
            else
            {
                console.Out.WriteLine($"wrote {written} ({name}: {plan.Layers.Count} of {plan.SourceLayerCount} layers kept; removed {string.Join(", ", plan.RemovedLayers)})");
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}

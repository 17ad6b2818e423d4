namespace GPTailor.Cli;

/// <summary><c>gptailor importance --model DIR --data FILE.jsonl --metric bi|angular|relmag</c>: per-layer importance scores.</summary>
internal static class ImportanceCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var data = new Option<string>("--data") { Description = "Calibration JSONL: {\"tokens\":[...]} or {\"text\":\"...\"}.", Required = true };
        var metric = new Option<string>("--metric") { Description = "bi (ShortGPT block influence), angular (Gromov et al., needs --block) or relmag.", Required = true };
        var block = new Option<int>("--block") { Description = "Block size n of the angular metric.", DefaultValueFactory = _ => 1 };
        var includePadding = new Option<bool>("--include-padding") { Description = "Count padding positions too (as the official ShortGPT code does)." };
        var compute = new ComputeOptions();
        var json = CommonOptions.Json();
        var command = new Command("importance", "Per-layer importance on calibration data (lower = less important); angular scores are per block start.")
        {
            model, data, metric, block, includePadding, compute, json,
        };
        command.SetAction((r, ct) => CliErrors.RunAsync(console, () =>
        {
            var computeDType = compute.Validate(r);
            var kind = LayerImportance.ParseMetric(r.GetValue(metric)!);
            var dir = r.GetValue(model)!;
            var sequences = CalibrationData.Read(dir, r.GetValue(data)!);
            using var lm = CausalLanguageModelLoader.Load(dir, new ModelLoadOptions(computeDType, compute.ResolveDevice(r, console)));
            var options = new BaselineOptions { BatchSize = r.GetValue(compute.BatchSize), MaxLength = r.GetValue(compute.MaxLength), IncludePadding = r.GetValue(includePadding) };
            var result = LayerImportance.Compute(lm, sequences, kind, r.GetValue(block), options, ct);
            if (r.GetValue(json))
            {
                var obj = new JsonObject
                {
                    ["metric"] = LayerImportance.NameOf(kind),
                    ["scores"] = new JsonArray(result.Scores.Select(s => (JsonNode)s).ToArray()),
                    ["tokens"] = result.TokenCount,
                };
                if (kind == ImportanceMetric.Angular)
                {
                    obj["block"] = result.BlockSize;
                }

                console.Out.WriteLine(obj.ToJsonString());
            }
            else
            {
                console.Out.WriteLine(kind == ImportanceMetric.Angular ? $"block start  angular distance (n = {result.BlockSize})" : $"layer  {LayerImportance.NameOf(kind)}");
                for (int i = 0; i < result.Scores.Count; i++)
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i,5}  {result.Scores[i]:G8}"));
                }
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Cli;

/// <summary><c>gptailor eval --family F --plan P --tasks T [--limit N] [--json]</c>: per-task scores without writing a model.</summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var plans = new PlanOptions();
        var tasks = new Option<string>("--tasks") { Description = "tasks.json.", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Score only the first N documents of each task." };
        var compute = new ComputeOptions();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Score a plan on a task set (in memory; no model is written).") { plans.Family, plans.Plan, tasks, limit, compute, json, plans.AnchorQuirk };
        command.SetAction((r, ct) => CliErrors.RunAsync(console, async () =>
        {
            var computeDType = compute.Validate(r);
            if (r.GetValue(limit) is < 1)
            {
                throw new ArgumentException("--limit must be ≥ 1.");
            }

            var (f, p) = plans.Open(r);
            using var familyScope = f;
            var set = TaskSet.Load(r.GetValue(tasks)!);
            var computeDevice = compute.ResolveDevice(r, console);
            using var services = Composition.Build(o =>
            {
                o.ComputeDType = computeDType;
                o.Device = computeDevice;
                o.BatchSize = r.GetValue(compute.BatchSize);
                o.MaxLength = r.GetValue(compute.MaxLength);
                o.PrefixCacheBytes = 0; // one plan: no later trial would reuse its prefixes
            });
            using var evaluator = services.GetRequiredService<FitnessEvaluatorPipeline>().Create(f, set);
            var scores = await evaluator.EvaluateAsync(p, new EvaluationBudget(r.GetValue(limit) ?? int.MaxValue), ct).ConfigureAwait(false);
            Print(console, scores, r.GetValue(json), p.Layers.Count);
            return 0;
        }));
        return command;
    }

    private static void Print(CliConsole console, TaskScores scores, bool json, int layers)
    {
        if (json)
        {
            var obj = new JsonObject();
            foreach (var s in scores.Scores)
            {
                obj[s.Task] = new JsonObject { ["metric"] = s.Metric, ["value"] = s.Value, ["documents"] = s.Documents };
            }

            console.Out.WriteLine(new JsonObject { ["layers"] = layers, ["scores"] = obj }.ToJsonString());
            return;
        }

        console.Out.WriteLine($"layers kept: {layers}");
        foreach (var s in scores.Scores)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Task,-24} {s.Metric,-10} {s.Value,10:F4}  ({s.Documents} documents)"));
        }
    }
}

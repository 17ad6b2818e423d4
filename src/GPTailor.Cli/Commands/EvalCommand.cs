using GPTailor.Models;
using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Cli;

/// <summary>
/// <c>gptailor eval (--model DIR | --family F --plan P) --tasks T [--limit N] [--json]</c>: lm-eval-style results of a
/// model directory, or of a plan stitched in memory (no model is written).
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var plans = new PlanOptions();
        plans.Family.Required = false;
        plans.Plan.Required = false;
        var model = CommonOptions.Model("A Hugging Face model directory (a pruned or exported model, a dense member); instead of --family and --plan.");
        model.Required = false;
        var tasks = new Option<string>("--tasks") { Description = "tasks.json.", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Score only the first N documents of each task (of each subtask of a group)." };
        var compute = new ComputeOptions();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Score a model directory, or a plan in memory, on a task set; prints lm-eval-style results.") { model, plans.Family, plans.Plan, tasks, limit, compute, json, plans.AnchorQuirk };
        command.SetAction((r, ct) => CliErrors.RunAsync(console, () =>
        {
            var computeDType = compute.Validate(r);
            if (r.GetValue(limit) is < 1)
            {
                throw new ArgumentException("--limit must be ≥ 1.");
            }

            var byModel = r.GetValue(model) is not null;
            if (byModel == (r.GetValue(plans.Family) is not null || r.GetValue(plans.Plan) is not null) || (!byModel && (r.GetValue(plans.Family) is null || r.GetValue(plans.Plan) is null)))
            {
                throw new ArgumentException("give either --model DIR, or --family F and --plan P.");
            }

            var budget = new EvaluationBudget(r.GetValue(limit) ?? int.MaxValue);
            var set = TaskSet.Load(r.GetValue(tasks)!);
            var computeDevice = compute.ResolveDevice(r, console);
            if (byModel)
            {
                var dir = r.GetValue(model)!;
                var scorer = new TaskSetScorer(set, HfTokenizer.TryLoad(dir), HfModelConfig.Load(dir).VocabSize);
                using var lm = CausalLanguageModelLoader.Load(dir, new ModelLoadOptions(computeDType, computeDevice));
                var reports = scorer.Score(new SequenceScorer(lm, new ScoringOptions(r.GetValue(compute.BatchSize), r.GetValue(compute.MaxLength))), budget, ct);
                EvalReportPrinter.Print(console, reports, r.GetValue(json), lm.Layers.Count);
                return Task.FromResult(0);
            }

            var (f, p) = plans.Open(r);
            using var familyScope = f;
            using var services = Composition.Build(o =>
            {
                o.ComputeDType = computeDType;
                o.Device = computeDevice;
                o.BatchSize = r.GetValue(compute.BatchSize);
                o.MaxLength = r.GetValue(compute.MaxLength);
                o.PrefixCacheBytes = 0; // one plan: no later trial would reuse its prefixes
            });
            using var evaluator = services.GetRequiredService<FitnessEvaluatorPipeline>().Create(f, set);
            var taskSet = evaluator.GetService<TaskSetEvaluator>()
                ?? throw new InvalidOperationException("The evaluator pipeline holds no TaskSetEvaluator.");
            EvalReportPrinter.Print(console, taskSet.Evaluate(p, budget, ct), r.GetValue(json), p.Layers.Count);
            return Task.FromResult(0);
        }));
        return command;
    }
}

using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// What a run directory's <c>run.json</c> records about its search (format, optimizer, scheduler, dimensions, tasks,
/// seed): a resumed run must match it exactly.
/// </summary>
internal static class RunFingerprint
{
    /// <summary>The run directory format this version writes and resumes (2: <c>state.json</c> holds nested objects).</summary>
    public const string Format = "gptailor-run/2";

    public static JsonObject Of(ISearchSpace space, ITrialScheduler scheduler, IFitnessEvaluator evaluator, int seed, string? optimizerName) => new()
    {
        ["format"] = Format,
        ["optimizer"] = optimizerName ?? (scheduler.Optimizer as IOptimizerStatus)?.Name ?? scheduler.Optimizer.GetType().Name,
        ["scheduler"] = scheduler.GetType().Name,
        ["dimensions"] = new JsonArray(space.DimensionNames.Select(n => (JsonNode)n).ToArray()),
        ["tasks"] = new JsonArray(evaluator.TaskNames.Select(n => (JsonNode)n).ToArray()),
        ["seed"] = seed,
    };
}

using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// What a run directory's <c>run.json</c> records about its search (format, optimizer, scheduler, dimensions, tasks,
/// seed, and the caller's <see cref="SearchDriverOptions.RunDefinition"/>: family, task data hashes, budgets, removal
/// count, space options, ...): a resumed run must match it exactly.
/// </summary>
internal static class RunFingerprint
{
    /// <summary>The run directory format this version writes and resumes (2: <c>state.json</c> holds nested objects).</summary>
    public const string Format = "gptailor-run/2";

    private const int MaxShown = 100;

    public static JsonObject Of(ISearchSpace space, ITrialScheduler scheduler, IFitnessEvaluator evaluator, int seed, string? optimizerName, JsonObject? definition = null)
    {
        var fingerprint = new JsonObject
        {
            ["format"] = Format,
            ["optimizer"] = optimizerName ?? (scheduler.Optimizer as IOptimizerStatus)?.Name ?? scheduler.Optimizer.GetType().Name,
            ["scheduler"] = scheduler.GetType().Name,
            ["dimensions"] = new JsonArray(space.DimensionNames.Select(n => (JsonNode)n).ToArray()),
            ["tasks"] = new JsonArray(evaluator.TaskNames.Select(n => (JsonNode)n).ToArray()),
            ["seed"] = seed,
        };
        foreach (var (key, value) in definition ?? [])
        {
            if (fingerprint.ContainsKey(key))
            {
                throw new ArgumentException($"The run definition's field '{key}' is recorded by the driver itself; choose another name.", nameof(definition));
            }

            fingerprint[key] = value?.DeepClone();
        }

        return fingerprint;
    }

    /// <summary>Every field where <paramref name="current"/> differs from <paramref name="stored"/>, as <c>path: old → new</c>.</summary>
    public static IReadOnlyList<string> Differences(JsonObject stored, JsonObject current)
    {
        var differences = new List<string>();
        Compare(string.Empty, stored, current, differences);
        return differences;
    }

    /// <summary>The top-level fields of <paramref name="current"/> that <paramref name="stored"/> does not record.</summary>
    public static IReadOnlyList<string> Unrecorded(JsonObject stored, JsonObject current) =>
        current.Select(kv => kv.Key).Where(k => !stored.ContainsKey(k)).ToArray();

    private static void Compare(string path, JsonNode? stored, JsonNode? current, List<string> differences)
    {
        if (stored is JsonObject a && current is JsonObject b)
        {
            foreach (var key in a.Select(kv => kv.Key).Concat(b.Select(kv => kv.Key)).Distinct())
            {
                Compare(path.Length == 0 ? key : $"{path}.{key}", a.ContainsKey(key) ? a[key] : Absent, b.ContainsKey(key) ? b[key] : Absent, differences);
            }
        }
        else if (stored is JsonArray x && current is JsonArray y && x.Count == y.Count && x.Any(n => n is JsonObject))
        {
            for (var i = 0; i < x.Count; i++)
            {
                Compare($"{path}[{i}]", x[i], y[i], differences);
            }
        }
        else if (!JsonNode.DeepEquals(stored, current))
        {
            differences.Add($"{path}: {Show(stored)} → {Show(current)}");
        }
    }

    private static readonly JsonValue Absent = JsonValue.Create("(absent)");

    private static string Show(JsonNode? node)
    {
        if (ReferenceEquals(node, Absent))
        {
            return "(absent)";
        }

        var text = node?.ToJsonString() ?? "null";
        return text.Length <= MaxShown ? text : text[..(MaxShown - 1)] + "…";
    }
}

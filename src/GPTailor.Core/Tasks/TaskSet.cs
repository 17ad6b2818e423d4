using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// A task set file <c>tasks.json</c>:
/// <c>{"tasks":[{"name":"...","kind":"multiple_choice"|"perplexity","path":"file.jsonl","metric":"acc"|"acc_norm"|"nll","weight":1.0}]}</c>
/// with paths relative to the file. Every data path must be a regular file (not a directory, device or FIFO), every
/// weight a finite number ≥ 0 (default 1), and the weights must sum to a positive finite number.
/// </summary>
public sealed record TaskSet(IReadOnlyList<TaskDefinition> Tasks)
{
    private const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Reads and validates a task set file.</summary>
    /// <exception cref="TaskFormatException">The file is malformed, a data file is missing, or a field is invalid.</exception>
    public static TaskSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new BoundedJsonFile(path, "task set file", MaxFileBytes, (p, reason, inner) => new TaskFormatException($"{p}: {reason}", inner));
        var root = file.ReadNode();
        try
        {
            return FromNode(root, file.Directory);
        }
        catch (TaskFormatException ex)
        {
            throw file.Fail(ex.Message, ex);
        }
    }

    /// <summary>Parses a task set; relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static TaskSet Parse(string json, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return FromNode(BoundedJsonFile.ParseText(json, BoundedJsonFile.DefaultMaxDepth, (reason, inner) => new TaskFormatException(reason, inner)), baseDirectory);
    }

    private static TaskSet FromNode(JsonNode? root, string baseDirectory)
    {
        if (root is not JsonObject obj || obj["tasks"] is not JsonArray array || array.Count == 0)
        {
            throw new TaskFormatException("expected {\"tasks\":[...]} with at least one task.");
        }

        var tasks = new List<TaskDefinition>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject t)
            {
                throw new TaskFormatException($"tasks[{i}] must be an object.");
            }

            var name = ReadString(t, "name", i);
            if (tasks.Any(x => x.Name == name))
            {
                throw new TaskFormatException($"tasks[{i}]: duplicate task name '{name}'.");
            }

            var kind = ReadString(t, "kind", i) switch
            {
                "multiple_choice" => TaskKind.MultipleChoice,
                "perplexity" => TaskKind.Perplexity,
                var other => throw new TaskFormatException($"tasks[{i}]: unknown kind '{other}' (supported: multiple_choice, perplexity)."),
            };
            var metric = t.ContainsKey("metric") ? ReadString(t, "metric", i) : (kind == TaskKind.MultipleChoice ? "acc" : "nll");
            var allowed = kind == TaskKind.MultipleChoice ? new[] { "acc", "acc_norm" } : ["nll", "perplexity"];
            if (!allowed.Contains(metric))
            {
                throw new TaskFormatException($"tasks[{i}]: metric '{metric}' does not fit kind '{ReadString(t, "kind", i)}' (allowed: {string.Join(", ", allowed)}).");
            }

            var weight = 1.0;
            if (t.ContainsKey("weight"))
            {
                if (!JsonValues.TryGetNumber(t["weight"], out weight) || !double.IsFinite(weight) || weight < 0)
                {
                    throw new TaskFormatException($"tasks[{i}]: weight must be a finite number ≥ 0.");
                }
            }

            var dataPath = Path.GetFullPath(Path.Combine(baseDirectory, ReadString(t, "path", i)));
            switch (FilePaths.NonRegularFileKind(dataPath))
            {
                case null:
                    break;
                case "not found":
                    throw new TaskFormatException($"tasks[{i}] ('{name}'): data file not found: {dataPath}");
                case var what:
                    throw new TaskFormatException($"tasks[{i}] ('{name}'): data file {dataPath} is {what}, not a regular file; task data must be a regular JSON lines file.");
            }

            tasks.Add(new TaskDefinition(name, kind, dataPath, metric, weight));
        }

        var total = tasks.Sum(t => t.Weight);
        if (!(total > 0) || !double.IsFinite(total))
        {
            throw new TaskFormatException(total > 0
                ? $"the task weights sum to {total}; keep every weight small enough that their sum is a finite number."
                : "every task weight is 0, so no plan would be better than another; give at least one task a positive weight.");
        }

        return new TaskSet(tasks);
    }

    private static string ReadString(JsonObject t, string key, int i)
    {
        return JsonValues.TryGetString(t[key], out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new TaskFormatException($"tasks[{i}]: '{key}' must be a non-empty string.");
    }
}

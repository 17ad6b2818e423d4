using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// A task set file <c>tasks.json</c>:
/// <c>{"tasks":[{"name":"...","kind":"multiple_choice"|"perplexity","path":"file.jsonl","metric":"acc"|"acc_norm"|"nll","weight":1.0}]}</c>
/// with paths relative to the file. A built-in benchmark is <c>{"task":"mmlu","path":"dir or file","split":"validation","limit":N}</c>
/// (name defaults to the task; see <see cref="DatasetSource"/>); a template task is
/// <c>{"name":"...","kind":"template","path":"...","prompt":"...","choices":[...],"gold":"..."}</c> (see <see cref="PromptTemplate"/>).
/// Dataset paths must not contain <c>..</c>. Every data path must be a regular file (not a directory, device or FIFO), every
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

            var isBenchmark = t.ContainsKey("task");
            var name = isBenchmark && !t.ContainsKey("name") ? ReadString(t, "task", i) : ReadString(t, "name", i);
            if (tasks.Any(x => x.Name == name))
            {
                throw new TaskFormatException($"tasks[{i}]: duplicate task name '{name}'.");
            }

            var kindText = t.ContainsKey("kind") ? ReadString(t, "kind", i) : isBenchmark ? "benchmark" : ReadString(t, "kind", i);
            var kind = kindText switch
            {
                "multiple_choice" => TaskKind.MultipleChoice,
                "perplexity" => TaskKind.Perplexity,
                "benchmark" => TaskKind.Benchmark,
                "template" => TaskKind.Template,
                var other => throw new TaskFormatException($"tasks[{i}]: unknown kind '{other}' (supported: multiple_choice, perplexity, benchmark, template)."),
            };
            if (isBenchmark != (kind == TaskKind.Benchmark))
            {
                throw new TaskFormatException($"tasks[{i}]: 'task' names a built-in benchmark and goes with kind 'benchmark' (or no kind).");
            }

            var metric = t.ContainsKey("metric") ? ReadString(t, "metric", i) : (kind == TaskKind.Perplexity ? "nll" : "acc");
            var allowed = kind switch
            {
                TaskKind.Perplexity => ["nll", "perplexity"],
                TaskKind.Benchmark => ["acc", "acc_norm", "perplexity"],
                _ => new[] { "acc", "acc_norm" },
            };
            if (!allowed.Contains(metric))
            {
                throw new TaskFormatException($"tasks[{i}]: metric '{metric}' does not fit kind '{kindText}' (allowed: {string.Join(", ", allowed)}).");
            }

            var weight = 1.0;
            if (t.ContainsKey("weight"))
            {
                if (!JsonValues.TryGetNumber(t["weight"], out weight) || !double.IsFinite(weight) || weight < 0)
                {
                    throw new TaskFormatException($"tasks[{i}]: weight must be a finite number ≥ 0.");
                }
            }

            var relative = ReadString(t, "path", i);
            var dataPath = Path.GetFullPath(Path.Combine(baseDirectory, relative));
            if (kind is TaskKind.Benchmark or TaskKind.Template)
            {
                tasks.Add(new TaskDefinition(name, kind, DatasetPath(relative, dataPath, name, i), metric, weight) { Source = ReadSource(t, kind, i) });
                continue;
            }

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

    /// <summary>Largest accepted <c>limit</c>.</summary>
    private const int MaxLimit = 100_000_000;

    private static string DatasetPath(string relative, string full, string name, int i)
    {
        if (relative.Split('/', '\\').Contains(".."))
        {
            throw new TaskFormatException($"tasks[{i}] ('{name}'): the dataset path '{relative}' contains '..'; name the dataset directory itself (relative paths stay inside the task set's directory; absolute paths are allowed).");
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new TaskFormatException($"tasks[{i}] ('{name}'): dataset file or directory not found: {full}");
        }

        return full;
    }

    private static DatasetSource ReadSource(JsonObject t, TaskKind kind, int i)
    {
        var split = t.ContainsKey("split") ? ReadString(t, "split", i) : null;
        if (split is not null && (split.Contains('/') || split.Contains('\\') || split is "." or ".."))
        {
            throw new TaskFormatException($"tasks[{i}]: split '{split}' must be a plain name such as validation or test.");
        }

        int? limit = null;
        if (t.ContainsKey("limit"))
        {
            limit = JsonValues.TryGetInt32(t["limit"], out var value) && value is >= 1 and <= MaxLimit
                ? value
                : throw new TaskFormatException($"tasks[{i}]: limit must be an integer in [1, {MaxLimit}].");
        }

        if (kind == TaskKind.Benchmark)
        {
            return new DatasetSource(ReadString(t, "task", i), split, limit, null);
        }

        var choices = t["choices"] switch
        {
            JsonArray array when array.Count > 0 && array.All(c => JsonValues.TryGetString(c, out _)) => array.Select(c => c!.GetValue<string>()).ToArray(),
            var one when JsonValues.TryGetString(one, out var text) => [text],
            _ => throw new TaskFormatException($"tasks[{i}]: a template task needs 'choices': a string or an array of strings."),
        };
        var labels = t.ContainsKey("labels") ? ReadString(t, "labels", i) : null;
        return new DatasetSource(null, split, limit, new PromptTemplate(ReadString(t, "prompt", i), choices, ReadString(t, "gold", i), labels));
    }

    private static string ReadString(JsonObject t, string key, int i)
    {
        return JsonValues.TryGetString(t[key], out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new TaskFormatException($"tasks[{i}]: '{key}' must be a non-empty string.");
    }
}

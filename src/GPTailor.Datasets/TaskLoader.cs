namespace GPTailor.Datasets;

/// <summary>
/// Reads the documents of <see cref="TaskKind.Benchmark"/> and <see cref="TaskKind.Template"/> tasks from their dataset
/// files (<see cref="DatasetFiles"/>, <see cref="DatasetFileReader"/>), applying the task's <c>limit</c> per subtask.
/// </summary>
public static class TaskLoader
{
    /// <summary>Whether the task is read by this loader (a benchmark or template task).</summary>
    public static bool Handles(TaskDefinition task) => task?.Kind is TaskKind.Benchmark or TaskKind.Template;

    /// <summary>Reads and validates the task's documents.</summary>
    /// <exception cref="TaskFormatException">The files or rows are malformed, the benchmark is unknown, or the metric does not fit it; the message names the task.</exception>
    public static LoadedTask Load(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var source = task.Source ?? throw new ArgumentException($"Task '{task.Name}' has no dataset source.", nameof(task));
        try
        {
            var limit = source.Limit ?? int.MaxValue;
            if (task.Kind == TaskKind.Benchmark)
            {
                var benchmark = BenchmarkCatalog.Get(source.Benchmark!);
                if (!benchmark.Metrics.Contains(task.Metric) && !(task.Metric == "acc_norm" && !benchmark.Metrics.Contains("perplexity")))
                {
                    throw new TaskFormatException($"metric '{task.Metric}' does not fit {benchmark.Name} (reported: {string.Join(", ", benchmark.Metrics)}).");
                }

                // A group's limit is per subtask, so every row is read; a single task reads only what it keeps.
                var rows = Read(task.Path, source.Split ?? benchmark.DefaultSplit, benchmark is MmluBenchmark ? int.MaxValue : limit);
                var (subtasks, groups) = benchmark.Build(rows, limit);
                var metrics = benchmark.Metrics.Contains(task.Metric) ? benchmark.Metrics : [.. benchmark.Metrics, task.Metric];
                return new LoadedTask(task, metrics, subtasks, groups);
            }

            var template = source.Template ?? throw new ArgumentException($"Template task '{task.Name}' has no template.", nameof(task));
            var docs = Read(task.Path, source.Split, limit).Select(row => TemplateTask.ToDocument(template, row)).ToArray();
            return new LoadedTask(task, ["acc", "acc_norm"], [new BenchmarkSubtask(task.Name, "1", docs, [])], []);
        }
        catch (TaskFormatException ex)
        {
            throw new TaskFormatException($"task '{task.Name}': {ex.Message}", ex);
        }
    }

    private static List<DatasetRecord> Read(string path, string? split, int limit)
    {
        var rows = new List<DatasetRecord>();
        foreach (var file in DatasetFiles.Find(path, split))
        {
            if (rows.Count >= limit)
            {
                break;
            }

            rows.AddRange(DatasetFileReader.Read(file, Math.Min(limit - rows.Count, DatasetLimits.MaxRows - rows.Count)));
            if (rows.Count >= DatasetLimits.MaxRows && limit > rows.Count)
            {
                throw new TaskFormatException($"{path}: more than {DatasetLimits.MaxRows} rows.");
            }
        }

        if (rows.Count == 0)
        {
            throw new TaskFormatException($"{path}: no rows{(split is null ? string.Empty : $" in split '{split}'")}.");
        }

        return rows;
    }
}

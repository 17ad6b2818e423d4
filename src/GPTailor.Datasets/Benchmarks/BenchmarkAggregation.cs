namespace GPTailor.Datasets;

/// <summary>A metric's value and lm-eval's standard error (null where lm-eval prints N/A).</summary>
/// <param name="Value">The value.</param>
/// <param name="Stderr">The standard error, or null.</param>
public sealed record MetricValue(double Value, double? Stderr);

/// <summary>One line of lm-eval's results: a subtask or a group, with its metrics.</summary>
/// <param name="Name">The task or group name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Documents">Documents scored (a group: the sum over its members).</param>
/// <param name="Metrics">Metric name to value.</param>
/// <param name="IsGroup">Whether the line is a group.</param>
public sealed record BenchmarkRow(string Name, string Version, int Documents, IReadOnlyDictionary<string, MetricValue> Metrics, bool IsGroup)
{
    /// <summary>How deep the line sits under its groups (0: a task set entry's own line).</summary>
    public int Depth { get; init; }
}

/// <summary>lm-eval's aggregation (lm_eval/api/metrics.py): per-document means, their standard errors, and size-weighted groups.</summary>
public static class BenchmarkAggregation
{
    /// <summary>
    /// The mean of <paramref name="correct"/> 0/1 outcomes over <paramref name="count"/> documents with lm-eval's
    /// <c>mean_stderr</c>: sample standard deviation (n − 1) over √n, which for 0/1 values is √(p(1 − p)/(n − 1)); null for n ≤ 1.
    /// </summary>
    public static MetricValue Accuracy(int correct, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(correct);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, correct);
        var p = count == 0 ? 0 : (double)correct / count;
        return new MetricValue(p, count > 1 ? Math.Sqrt(p * (1 - p) / (count - 1)) : null);
    }

    /// <summary>
    /// A group's line: each metric is the size-weighted mean of the members' values (<c>weight_by_size</c>), its stderr
    /// lm-eval's <c>pooled_sample_stderr</c>: √(Σ (nᵢ − 1)·sᵢ²·nᵢ / (Σ nᵢ − k) / Σ nᵢ); null when a member's stderr is null.
    /// </summary>
    public static BenchmarkRow Group(string name, string version, IReadOnlyList<BenchmarkRow> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A group needs members.", nameof(members));
        }

        var total = members.Sum(m => m.Documents);
        var metrics = new Dictionary<string, MetricValue>();
        foreach (var metric in members[0].Metrics.Keys.Where(k => members.All(m => m.Metrics.ContainsKey(k))))
        {
            var value = members.Sum(m => m.Metrics[metric].Value * m.Documents) / Math.Max(1, total);
            double? stderr = null;
            if (members.All(m => m.Metrics[metric].Stderr is not null) && total > members.Count)
            {
                var pooled = members.Sum(m => (m.Documents - 1) * m.Metrics[metric].Stderr!.Value * m.Metrics[metric].Stderr!.Value * m.Documents) / (total - members.Count);
                stderr = Math.Sqrt(pooled / total);
            }

            metrics[metric] = new MetricValue(value, stderr);
        }

        return new BenchmarkRow(name, version, total, metrics, IsGroup: true);
    }

    /// <summary>The lines of a task in lm-eval's order: each group followed by its members; a single task is its one line.</summary>
    /// <param name="task">The task.</param>
    /// <param name="subtasks">The scored subtasks' lines, by name.</param>
    public static IReadOnlyList<BenchmarkRow> Lines(LoadedTask task, IReadOnlyDictionary<string, BenchmarkRow> subtasks)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(subtasks);
        if (task.Groups.Count == 0)
        {
            return task.Subtasks.Select(s => subtasks[s.Name]).ToArray();
        }

        var rows = new Dictionary<string, BenchmarkRow>(subtasks);
        foreach (var group in task.Groups)
        {
            rows[group.Name] = Group(group.Name, group.Version, group.Members.Select(m => rows[m]).ToArray());
        }

        var ordered = new List<BenchmarkRow>();
        void Add(string name, int depth)
        {
            ordered.Add(rows[name] with { Depth = depth });
            if (task.Groups.FirstOrDefault(g => g.Name == name) is { } g)
            {
                foreach (var member in g.Members)
                {
                    Add(member, depth + 1);
                }
            }
        }

        Add(task.Groups[^1].Name, 0);
        return ordered;
    }
}

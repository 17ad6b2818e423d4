using GPTailor.Datasets;
using GPTailor.Models;

namespace GPTailor.Cli;

/// <summary>
/// Prints evaluation reports as lm-eval does: a table (task, version, metric, value, stderr; a group's members indented
/// under it) or, with <c>--json</c>, one object whose <c>results</c> are keyed like lm-eval's (<c>"acc,none"</c>,
/// <c>"acc_stderr,none"</c>; <c>"N/A"</c> where there is no stderr), with <c>groups</c>, <c>versions</c> and <c>n-samples</c>, next to <c>layers</c> and the objectives in <c>scores</c>.
/// </summary>
internal static class EvalReportPrinter
{
    public static void Print(CliConsole console, IReadOnlyList<TaskReport> reports, bool json, int layers)
    {
        if (json)
        {
            console.Out.WriteLine(Json(reports, layers).ToJsonString());
            return;
        }

        console.Out.WriteLine($"layers kept: {layers}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var report in reports)
        {
            foreach (var row in report.Rows)
            {
                var first = true;
                foreach (var (metric, value) in row.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    rows.Add(
                    [
                        first ? new string(' ', 2 * row.Depth) + (row.Depth > 0 ? "- " : string.Empty) + row.Name : string.Empty,
                        first ? row.Version : string.Empty,
                        metric,
                        value.Value.ToString("F4", CultureInfo.InvariantCulture),
                        value.Stderr is null ? string.Empty : "±",
                        value.Stderr is { } se ? se.ToString("F4", CultureInfo.InvariantCulture) : "N/A",
                    ]);
                    first = false;
                }
            }
        }

        CliTables.Write(console.Out, console.OutIsTerminal ? console.OutAnsi : null, ["Tasks", ">Version", "Metric", ">Value", "", ">Stderr"], rows);

        foreach (var report in reports)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"objective {report.Score.Task}: {report.Score.Metric} = {report.Score.Value:F4} ({report.Score.Documents} documents)"));
        }
    }

    private static JsonObject Json(IReadOnlyList<TaskReport> reports, int layers)
    {
        var results = new JsonObject();
        var groups = new JsonObject();
        var versions = new JsonObject();
        var samples = new JsonObject();
        var scores = new JsonObject();
        foreach (var report in reports)
        {
            foreach (var row in report.Rows)
            {
                var entry = new JsonObject { ["alias"] = row.Name };
                foreach (var (metric, value) in row.Metrics)
                {
                    entry[$"{metric},none"] = value.Value;
                    entry[$"{metric}_stderr,none"] = value.Stderr is { } se ? se : "N/A";
                }

                results[row.Name] = entry;
                versions[row.Name] = row.Version;
                if (row.IsGroup)
                {
                    groups[row.Name] = entry.DeepClone();
                }
                else
                {
                    samples[row.Name] = new JsonObject { ["effective"] = row.Documents };
                }
            }

            var s = report.Score;
            scores[s.Task] = new JsonObject { ["metric"] = s.Metric, ["value"] = s.Value, ["documents"] = s.Documents };
        }

        return new JsonObject
        {
            ["layers"] = layers,
            ["scores"] = scores,
            ["results"] = results,
            ["groups"] = groups,
            ["versions"] = versions,
            ["n-samples"] = samples,
        };
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Workflows;

/// <summary>Formats the demo's results: console table, results.md and results.json.</summary>
internal static class DemoReport
{
    public static string Table(IReadOnlyList<DemoRow> rows, IReadOnlyList<string> skills)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append("| method | layers |");
        foreach (var s in skills)
        {
            md.Append(inv, $" {s} |");
        }

        md.AppendLine(" average | retained |");
        md.Append("|---|---:|");
        md.Append(string.Concat(skills.Select(_ => "---:|")));
        md.AppendLine("---:|---:|");
        foreach (var r in rows)
        {
            md.Append(inv, $"| {r.Method} | {r.Layers} |");
            foreach (var s in skills)
            {
                md.Append(inv, $" {r.Scores[s] * 100:F1} |");
            }

            md.AppendLine(inv, $" {r.Average * 100:F1} | {r.Retained:F1} % |");
        }

        return md.ToString();
    }

    public static string Json(IReadOnlyList<DemoRow> rows) => new JsonArray(rows.Select(r =>
    {
        var scores = new JsonObject();
        foreach (var (k, v) in r.Scores)
        {
            scores[k] = v;
        }

        return (JsonNode)new JsonObject { ["method"] = r.Method, ["layers"] = r.Layers, ["scores"] = scores, ["average"] = r.Average, ["retained"] = r.Retained };
    }).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}

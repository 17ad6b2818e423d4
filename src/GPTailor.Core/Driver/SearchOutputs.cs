using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Writes the outputs of a search into its run directory: <c>best_plan.json</c>, <c>pareto.json</c>, <c>trials.csv</c>,
/// <c>anytime.svg</c> (<see cref="AnytimeCurve"/>) and, after <see cref="FinalistSelection"/>, <c>finalists.json</c>.
/// </summary>
internal static class SearchOutputs
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(SearchResult result, RunDirectoryLayout layout)
    {
        PlanJson.Save(result.BestPlan, layout.BestPlan);
        var front = new JsonArray(result.ParetoFront.Select(t => (JsonNode)new JsonObject
        {
            ["trial"] = t.Trial,
            ["scores"] = ScoresNode(t.Scores!),
            ["plan"] = PlanJson.ToNode(t.Plan),
        }).ToArray());
        File.WriteAllText(layout.Pareto, front.ToJsonString(Indented));
        File.WriteAllText(layout.TrialsCsv, TrialsCsv(result.Trials));
        File.WriteAllText(layout.AnytimeSvg, AnytimeCurve.Render(result.Trials));
    }

    public static void WriteFinalists(IReadOnlyList<FinalistRecord> records, FinalistRecord winner, RunDirectoryLayout layout)
    {
        var array = new JsonArray(records.Select(r => (JsonNode)new JsonObject
        {
            ["trial"] = r.Trial,
            ["chosen"] = ReferenceEquals(r, winner),
            ["search_budget"] = r.SearchBudget,
            ["search_scores"] = ScoresNode(r.SearchScores),
            ["final_budget"] = r.FinalBudget == int.MaxValue ? "all" : r.FinalBudget,
            ["final_scores"] = ScoresNode(r.FinalScores),
            ["plan"] = PlanJson.ToNode(r.Plan),
        }).ToArray());
        File.WriteAllText(layout.Finalists, array.ToJsonString(Indented) + "\n");
        PlanJson.Save(winner.Plan, layout.BestPlan);
    }

    /// <summary>The scores as a JSON object: task name → value.</summary>
    public static JsonObject ScoresNode(TaskScores scores)
    {
        var obj = new JsonObject();
        foreach (var s in scores.Scores)
        {
            obj[s.Task] = s.Value;
        }

        return obj;
    }

    private static string TrialsCsv(IReadOnlyList<TrialRecord> trials)
    {
        var csv = new StringBuilder();
        var tasks = trials.Count > 0 ? trials[0].Scores!.Scores.Select(s => s.Task).ToArray() : [];
        csv.Append("trial,budget,seconds,value,kept_layers,removed_layers,plan_hash");
        foreach (var task in tasks)
        {
            csv.Append(',').Append(task);
        }

        var counters = trials.SelectMany(t => t.Scores!.Counters?.Keys ?? []).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var counter in counters)
        {
            csv.Append(',').Append(counter);
        }

        csv.AppendLine();
        foreach (var t in trials)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{t.Trial},{t.Budget},{t.Seconds:F3},{(t.Value is double v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")},{t.Plan.Layers.Count},\"{string.Join(' ', t.Plan.RemovedLayers)}\",{t.PlanHash[..12]}");
            foreach (var s in t.Scores!.Scores)
            {
                csv.Append(',').Append(s.Value.ToString("R", CultureInfo.InvariantCulture));
            }

            foreach (var counter in counters)
            {
                csv.Append(',').Append(t.Scores.Counters is { } c && c.TryGetValue(counter, out var n) ? n.ToString(CultureInfo.InvariantCulture) : string.Empty);
            }

            csv.AppendLine();
        }

        return csv.ToString();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>Builds and writes the outputs of a search: best plan, Pareto front and the per-trial CSV table.</summary>
internal static class SearchOutputs
{
    public static TrialRecord? SelectBest(IReadOnlyList<TrialRecord> trials, IReadOnlyList<double>? weights)
    {
        var ok = trials.Where(t => t.Scores is not null).ToArray();
        if (ok.Length == 0)
        {
            return null;
        }

        var top = ok.Max(t => t.Budget);
        return ok.Where(t => t.Budget == top).OrderBy(t => Weighted(t, weights)).ThenBy(t => t.Trial).First();
    }

    public static SearchResult? Build(IReadOnlyList<TrialRecord> trials, IReadOnlyList<double>? weights, string directory)
    {
        var best = SelectBest(trials, weights);
        if (best is null)
        {
            return null;
        }

        var atTop = trials.Where(t => t.Scores is not null && t.Budget == best.Budget).ToArray();
        var front = atTop.Where(a => !atTop.Any(b => Dominates(b.Scores!.Costs(), a.Scores!.Costs())))
            .GroupBy(t => t.Plan.ComputeHash()).Select(g => g.First()).OrderBy(t => t.Trial).ToArray();
        return new SearchResult(best.Plan, best.Scores!, best.Budget, front, trials.Where(t => t.Scores is not null).ToArray(), directory);
    }

    public static void Write(SearchResult result, RunDirectoryLayout layout)
    {
        PlanJson.Save(result.BestPlan, layout.BestPlan);
        var front = new JsonArray(result.ParetoFront.Select(t => (JsonNode)new JsonObject
        {
            ["trial"] = t.Trial,
            ["scores"] = ScoresNode(t),
            ["plan"] = PlanJson.ToNode(t.Plan),
        }).ToArray());
        File.WriteAllText(layout.Pareto, front.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var csv = new StringBuilder();
        var tasks = result.Trials.Count > 0 ? result.Trials[0].Scores!.Scores.Select(s => s.Task).ToArray() : [];
        csv.Append("trial,budget,seconds,value,kept_layers,removed_layers,plan_hash");
        foreach (var task in tasks)
        {
            csv.Append(',').Append(task);
        }

        csv.AppendLine();
        foreach (var t in result.Trials)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{t.Trial},{t.Budget},{t.Seconds:F3},{(t.Value is double v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")},{t.Plan.Layers.Count},\"{string.Join(' ', t.Plan.RemovedLayers)}\",{t.Plan.ComputeHash()[..12]}");
            foreach (var s in t.Scores!.Scores)
            {
                csv.Append(',').Append(s.Value.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.AppendLine();
        }

        File.WriteAllText(layout.TrialsCsv, csv.ToString());
    }

    public static JsonObject ScoresNode(TrialRecord t) => ScoresNode(t.Scores!);

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

    private static double Weighted(TrialRecord t, IReadOnlyList<double>? weights) => Weighted(t.Scores!, weights);

    /// <summary>Σ weight × cost over the tasks (missing weights count 1): lower is better.</summary>
    public static double Weighted(TaskScores scores, IReadOnlyList<double>? weights)
    {
        var costs = scores.Costs();
        var sum = 0.0;
        for (var i = 0; i < costs.Length; i++)
        {
            sum += (weights is not null && i < weights.Count ? weights[i] : 1.0) * costs[i];
        }

        return sum;
    }

    private static bool Dominates(double[] a, double[] b)
    {
        var strictly = false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] > b[i])
            {
                return false;
            }

            strictly |= a[i] < b[i];
        }

        return strictly;
    }
}

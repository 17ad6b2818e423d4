using System.Globalization;
using System.Text;

namespace GPTailor.Benchmarks;

/// <summary>Statistics, markdown tables and SVG plots (<see cref="SvgLineChart"/>) of the search benchmark.</summary>
internal sealed class SearchBenchmarkReport(SearchBenchmarkSettings settings)
{
    private readonly int trials = settings.Trials;
    private readonly int randomTrials = settings.RandomTrials;
    private readonly int seeds = settings.Seeds;
    private readonly int design = settings.Design;
    private readonly List<ProblemResult> _problems = [];

    public double WallSeconds { get; set; }

    public void Add(ProblemResult result) => _problems.Add(result);

    /// <summary>The report; plots are linked from <paramref name="plotDirectory"/> (relative) when given.</summary>
    public string Markdown(string? plotDirectory)
    {
        var optimizers = _problems.SelectMany(p => p.Runs.Select(r => r.Optimizer)).Distinct().ToArray();
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Setup: {seeds} seeds per optimizer (unless a problem says otherwise), {trials} trials ({randomTrials} for random search), initial design {design}, Hyperband budgets {BenchmarkProblem.MinBudget}/33/{BenchmarkProblem.MaxBudget} documents per task ({BenchmarkProblem.CalibrationDocuments} calibration questions per task), ParEGO over the tasks, no finalists. Scores are mean accuracies in percent (synthetic: mean score × 100). \"Calibration\" is the score the search sees of the plan it returns (the best at the highest budget reached); \"test\" is that plan on the disjoint test split (synthetic: the noise-free value). Cells: median [min – max] over seeds. {(WallSeconds > 0 ? $"Wall time {WallSeconds / 60:F1} min." : "")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Calibration score of the returned plan at {trials} trials");
        md.AppendLine();
        SummaryTable(md, optimizers, r => r.Calibration);
        md.AppendLine(CultureInfo.InvariantCulture, $"### Test score of the returned plan at {trials} trials");
        md.AppendLine();
        SummaryTable(md, optimizers, r => r.Test);
        foreach (var p in _problems)
        {
            var present = optimizers.Where(o => p.Runs.Any(r => r.Optimizer == o)).ToArray();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {p.Name}: {p.Description} ({p.Runs.Select(r => r.Seed).Distinct().Count()} seeds)");
            md.AppendLine();
            if (p.Optimum is double optimum)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Known optimum (noise-free): {optimum * 100:F2}.");
                md.AppendLine();
            }

            md.AppendLine("| optimizer | trials | calibration | test | distinct plans (whole run) | layer forwards without → with prefix cache (first trials, all seeds) | seconds (all seeds) |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var o in present)
            {
                var runs = p.Runs.Where(r => r.Optimizer == o).ToArray();
                var horizons = runs.SelectMany(r => r.Returned.Keys).Distinct().Order();
                foreach (var h in horizons)
                {
                    var at = runs.Where(r => r.Returned.ContainsKey(h)).Select(r => r.Returned[h]).ToArray();
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {o} | {h} | {Cell(at.Select(a => a.Calibration))} | {Cell(at.Select(a => a.Test))} | {Median(runs.Select(r => (double)r.Distinct)):F0} | {Forwards(runs)} | {p.Seconds.GetValueOrDefault(o):F0} |");
                }
            }

            md.AppendLine();
            var checkpoints = new[] { 12, 24, 48, 72, 96, trials, 2 * trials, randomTrials }.Where(c => c <= randomTrials).Distinct().Order().ToArray();
            md.AppendLine("Anytime (median best calibration score at the full budget after t trials):");
            md.AppendLine();
            md.AppendLine("| optimizer | " + string.Join(" | ", checkpoints.Select(c => $"t={c}")) + " |");
            md.AppendLine("|---|" + string.Concat(checkpoints.Select(_ => "---|")));
            foreach (var o in present)
            {
                var curve = MedianCurve(p, o);
                md.AppendLine($"| {o} | " + string.Join(" | ", checkpoints.Select(c => c <= curve.Length && double.IsFinite(curve[c - 1]) ? (curve[c - 1] * 100).ToString("F1", CultureInfo.InvariantCulture) : "")) + " |");
            }

            md.AppendLine();
            if (plotDirectory is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![anytime curves of {p.Name}]({plotDirectory}/{p.Name}.svg)");
                md.AppendLine();
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// Writes the markdown to <paramref name="path"/> (after <paramref name="notes"/>, a markdown text such as the
    /// conclusions drawn from an earlier run, when given) and one SVG per problem into a folder named after it.
    /// </summary>
    public void Write(string path, string? notes = null)
    {
        var full = Path.GetFullPath(path);
        var folderName = Path.GetFileNameWithoutExtension(full);
        var folder = Path.Combine(Path.GetDirectoryName(full)!, folderName);
        Directory.CreateDirectory(folder);
        foreach (var p in _problems)
        {
            var series = p.Runs.Select(r => r.Optimizer).Distinct().Select(o =>
            {
                var curve = MedianCurve(p, o);
                return new ChartSeries(o, curve.Select((v, i) => ((double)(i + 1), v * 100)).ToArray());
            }).ToList();
            if (p.Optimum is double optimum)
            {
                series.Add(new ChartSeries("optimum (noise-free)", [(1, optimum * 100), (randomTrials, optimum * 100)]));
            }

            File.WriteAllText(Path.Combine(folder, p.Name + ".svg"), SvgLineChart.Render($"{p.Name}: median best calibration score ({seeds} seeds)", "trials", "best calibration score so far (%)", series));
        }

        var md = new StringBuilder();
        md.AppendLine("# Search benchmark");
        md.AppendLine();
        md.AppendLine("Written by `dotnet run -c Release --project tests/GPTailor.Benchmarks -- search --write docs/search-benchmark.md` (see `tests/GPTailor.Benchmarks/Search/SearchBenchmark.cs` for the options).");
        md.AppendLine();
        if (notes is not null)
        {
            md.AppendLine(notes.TrimEnd());
            md.AppendLine();
            md.AppendLine("## Measured tables");
            md.AppendLine();
        }

        md.Append(Markdown(folderName));
        File.WriteAllText(full, md.ToString());
    }

    private void SummaryTable(StringBuilder md, IReadOnlyList<string> optimizers, Func<(double Calibration, double Test, int Budget), double> pick)
    {
        var hasLong = randomTrials > trials && optimizers.Contains("random");
        md.AppendLine("| problem | " + string.Join(" | ", optimizers) + (hasLong ? $" | random @{randomTrials}" : "") + " |");
        md.AppendLine("|---|" + string.Concat(optimizers.Select(_ => "---|")) + (hasLong ? "---|" : ""));
        foreach (var p in _problems)
        {
            var cells = optimizers.Select(o => Cell(p.Runs.Where(r => r.Optimizer == o && r.Returned.ContainsKey(trials)).Select(r => pick(r.Returned[trials]))));
            var row = $"| {p.Name} | " + string.Join(" | ", cells);
            if (hasLong)
            {
                row += " | " + Cell(p.Runs.Where(r => r.Optimizer == "random" && r.Returned.ContainsKey(randomTrials)).Select(r => pick(r.Returned[randomTrials])));
            }

            md.AppendLine(row + " |");
        }

        md.AppendLine();
    }

    private static double[] MedianCurve(ProblemResult p, string optimizer)
    {
        var runs = p.Runs.Where(r => r.Optimizer == optimizer).ToArray();
        var length = runs.Max(r => r.Curve.Length);
        return Enumerable.Range(0, length).Select(t =>
        {
            var values = runs.Where(r => t < r.Curve.Length).Select(r => r.Curve[t]).ToArray();
            return values.Count(double.IsFinite) * 2 > values.Length ? Median(values.Select(v => double.IsFinite(v) ? v : double.NegativeInfinity)) : double.NaN;
        }).ToArray();
    }

    /// <summary>Layer forwards the runs would have run without the prefix cache → ran with it, and the ratio; "—" for runs saved without counters or on synthetic problems.</summary>
    private static string Forwards(IReadOnlyList<RunOutcome> runs)
    {
        if (runs.Any(r => r.LayerForwards is null) || runs.Sum(r => r.LayerForwards!.Value) == 0)
        {
            return "—";
        }

        long run = runs.Sum(r => r.LayerForwards!.Value), without = run + runs.Sum(r => r.LayerForwardsSaved ?? 0);
        return string.Create(CultureInfo.InvariantCulture, $"{without:N0} → {run:N0} ({(double)without / run:F2}×)");
    }

    private static string Cell(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{Median(v) * 100:F1} [{v.Min() * 100:F1} – {v.Max() * 100:F1}]");
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}

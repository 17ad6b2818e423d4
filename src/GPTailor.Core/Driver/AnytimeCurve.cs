using System.Globalization;

namespace GPTailor;

/// <summary>
/// The anytime curve of a search run: for each task, the best score among the successful trials so far (at any
/// budget; the highest score for maximised metrics, the lowest for minimised ones), one point per successful trial
/// (x = trial number counted from 1). Written as <c>anytime.svg</c> next to <c>trials.csv</c>.
/// </summary>
public static class AnytimeCurve
{
    /// <summary>The file name in the run directory.</summary>
    public const string FileName = "anytime.svg";

    /// <summary>One series per task (in the order of the first trial's scores), one point per successful trial.</summary>
    /// <param name="trials">The trials, in any order; failed ones (no scores) are skipped.</param>
    public static IReadOnlyList<ChartSeries> Series(IEnumerable<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var ok = trials.Where(t => t.Scores is not null).OrderBy(t => t.Trial).ToArray();
        if (ok.Length == 0)
        {
            return [];
        }

        return ok[0].Scores!.Scores.Select(first =>
        {
            var best = double.NaN;
            var points = new List<(double X, double Y)>(ok.Length);
            foreach (var t in ok)
            {
                var score = t.Scores!.Scores.FirstOrDefault(s => s.Task == first.Task);
                if (score is not null && double.IsFinite(score.Value) && (double.IsNaN(best) || (first.Direction == ObjectiveDirection.Maximize ? score.Value > best : score.Value < best)))
                {
                    best = score.Value;
                }

                points.Add((t.Trial + 1, best));
            }

            return new ChartSeries($"{first.Task} ({first.Metric})", points);
        }).ToArray();
    }

    /// <summary>The chart as an SVG document.</summary>
    /// <param name="trials">The trials of the run.</param>
    public static string Render(IEnumerable<TrialRecord> trials)
    {
        var series = Series(trials);
        var count = series.Count == 0 ? 0 : series[0].Points.Count;
        return SvgLineChart.Render(string.Create(CultureInfo.InvariantCulture, $"Best score per task ({count} successful trials)"), "trial", "best score so far", series);
    }
}

using System.Globalization;
using GPTailor.Models;

namespace GPTailor.Workflows;

/// <summary>
/// A one-line text progress bar for searches (carriage return redraws it; a newline ends it at the last trial). For
/// output that is not a terminal use <see cref="Lines"/>: one line per trial, no carriage returns.
/// </summary>
public sealed class SearchProgressBar(TextWriter writer) : IProgress<SearchProgress>
{
    private readonly Lock _gate = new();

    /// <summary>Whether each report is written as its own line (<c>trial 3/30 budget 10 …</c>) instead of redrawing the bar.</summary>
    public bool Lines { get; init; }

    /// <summary>
    /// The state of a search as text, the part after the bar: <c>7/28 budget 100 best sort=0.500 facts=0.250 00:01:01 eta 00:02:00</c>
    /// (trial, budget, best scores so far, elapsed time, estimated remaining time).
    /// </summary>
    /// <param name="value">The progress report.</param>
    public static string Describe(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var best = value.BestScores is null ? "" : " best " + string.Join(" ", value.BestScores.Scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Task}={s.Value:F3}")));
        var eta = value.Remaining is { } r ? $" eta {r:hh\\:mm\\:ss}" : "";
        var saved = value.Counters.TryGetValue(TaskSetEvaluator.LayerForwardsSavedCounter, out var skipped) && value.Counters.TryGetValue(TaskSetEvaluator.LayerForwardsCounter, out var run) && skipped + run > 0
            ? string.Create(CultureInfo.InvariantCulture, $" layers saved {100.0 * skipped / (skipped + run):F0}%") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{value.Trial}/{value.MaxTrials} budget {value.Budget}{best} {value.Elapsed:hh\\:mm\\:ss}{eta}{saved}");
    }

    /// <summary>Redraws the bar for <paramref name="value"/> (or writes its line, with <see cref="Lines"/>).</summary>
    public void Report(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const int width = 28;
        var text = Describe(value);
        lock (_gate)
        {
            if (Lines)
            {
                writer.WriteLine("trial " + text);
                return;
            }

            var done = Math.Clamp((int)Math.Round(width * (double)value.Trial / value.MaxTrials), 0, width);
            writer.Write($"\r[{new string('#', done)}{new string('.', width - done)}] {text}   ");
            if (value.Trial >= value.MaxTrials)
            {
                writer.WriteLine();
            }
        }
    }
}

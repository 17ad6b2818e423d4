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
    private volatile string? _status;

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

    /// <summary>
    /// A state to show after each report's text, e.g. a worker pool's <c>workers: 2 alive, 2 busy, 5 trials in flight,
    /// 0 retries</c> (see <see cref="Describe(SearchProgress, string?)"/>); null for none. May be set from any thread;
    /// the next report shows it.
    /// </summary>
    public string? Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>
    /// <see cref="Describe(SearchProgress)"/> followed by <paramref name="status"/> (when not null), e.g.
    /// <c>7/28 budget 100 best sort=0.500 00:01:01 eta 00:02:00 | workers: 2 alive, 2 busy, 5 trials in flight, 0 retries</c>.
    /// </summary>
    /// <param name="value">The progress report.</param>
    /// <param name="status">A state to show with it (e.g. a worker pool's), or null.</param>
    public static string Describe(SearchProgress value, string? status) =>
        status is null ? Describe(value) : Describe(value) + " | " + status;

    /// <summary>Redraws the bar for <paramref name="value"/> (or writes its line, with <see cref="Lines"/>), with <see cref="Status"/>.</summary>
    public void Report(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const int width = 28;
        var text = Describe(value, Status);
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

using System.Globalization;
using GPTailor.Models;

namespace GPTailor.Workflows;

/// <summary>A one-line text progress bar for searches (carriage return redraws it; a newline ends it at the last trial).</summary>
public sealed class SearchProgressBar(TextWriter writer) : IProgress<SearchProgress>
{
    private readonly Lock _gate = new();

    /// <summary>Redraws the bar for <paramref name="value"/>.</summary>
    public void Report(SearchProgress value)
    {
        const int width = 28;
        var done = Math.Clamp((int)Math.Round(width * (double)value.Trial / value.MaxTrials), 0, width);
        var best = value.BestScores is null ? "" : " best " + string.Join(" ", value.BestScores.Scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Task}={s.Value:F3}")));
        var eta = value.Remaining is { } r ? $" eta {r:hh\\:mm\\:ss}" : "";
        var saved = value.Counters.TryGetValue(TaskSetEvaluator.LayerForwardsSavedCounter, out var skipped) && value.Counters.TryGetValue(TaskSetEvaluator.LayerForwardsCounter, out var run) && skipped + run > 0
            ? string.Create(CultureInfo.InvariantCulture, $" layers saved {100.0 * skipped / (skipped + run):F0}%") : "";
        lock (_gate)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', done)}{new string('.', width - done)}] {value.Trial}/{value.MaxTrials} budget {value.Budget}{best} {value.Elapsed:hh\\:mm\\:ss}{eta}{saved}   "));
            if (value.Trial >= value.MaxTrials)
            {
                writer.WriteLine();
            }
        }
    }
}

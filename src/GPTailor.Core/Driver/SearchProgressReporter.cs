using System.Diagnostics;

namespace GPTailor;

/// <summary>
/// Reports <see cref="SearchProgress"/> as each trial finishes: the count of finished trials goes up by one per report
/// (trials finishing at the same time are counted one after the other), with the best trial so far and an estimate of
/// the remaining time from the mean time per trial evaluated in this run.
/// </summary>
internal sealed class SearchProgressReporter
{
    private readonly IProgress<SearchProgress>? _progress;
    private readonly int _maxTrials;
    private readonly IReadOnlyList<double>? _weights;
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private int _finished;
    private int _evaluatedThisRun;
    private TrialRecord? _best;

    /// <summary>Starts the clock; <paramref name="finished"/> are the trials already done (journaled, on resume).</summary>
    public SearchProgressReporter(IProgress<SearchProgress>? progress, int maxTrials, IReadOnlyList<double>? weights, IReadOnlyCollection<TrialRecord> finished)
    {
        _progress = progress;
        _maxTrials = maxTrials;
        _weights = weights;
        _finished = finished.Count;
        _best = progress is null ? null : TrialSelection.Best(finished, weights);
    }

    /// <summary>Counts a trial evaluated in this run and reports the progress; safe to call from concurrent trials.</summary>
    public void TrialFinished(TrialRecord record)
    {
        if (_progress is null)
        {
            return;
        }

        lock (_gate)
        {
            _finished++;
            _evaluatedThisRun++;
            _best = TrialSelection.Best(_best is null ? [record] : [_best, record], _weights);
            var elapsed = _clock.Elapsed;
            var remaining = elapsed / _evaluatedThisRun * Math.Max(0, _maxTrials - _finished);
            foreach (var (name, value) in record.Scores?.Counters ?? new Dictionary<string, long>())
            {
                _counters[name] = _counters.GetValueOrDefault(name) + value;
            }

            _progress.Report(new SearchProgress(_finished, _maxTrials, record.Budget, _best?.Scores, elapsed, remaining) { Counters = new Dictionary<string, long>(_counters) });
        }
    }
}

namespace GPTailor.Cli;

/// <summary>
/// Search progress on stderr: on a terminal a live bar (<see cref="LiveProgressBar"/>); otherwise one line per trial
/// (<see cref="SearchProgressBar.Lines"/>: <c>trial 3/30 budget 10 best a=0.500 00:00:05 eta 00:00:40</c>), never a
/// carriage return, so a log holds one readable line per step instead of hundreds of redraws. A status set with
/// <see cref="ShowStatus"/> (a worker pool's) is part of the progress: the live bar shows it at once, each line ends with it.
/// </summary>
internal sealed class SearchProgressDisplay(CliConsole console, string title = "search") : IProgress<SearchProgress>, IDisposable
{
    private readonly LiveProgressBar? _bar = console.Interactive ? new LiveProgressBar(console.ErrorAnsi, title) : null;
    private readonly SearchProgressBar _lines = new(console.Error) { Lines = true };
    private readonly Lock _gate = new();
    private SearchProgress? _last;

    /// <inheritdoc />
    public void Report(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_bar is not null)
        {
            lock (_gate)
            {
                _last = value;
                Draw(value, _lines.Status);
            }

            return;
        }

        _lines.Report(value);
    }

    /// <summary>
    /// Shows <paramref name="status"/> with the progress from now on: on the live bar at once (before the first trial,
    /// alone at 0 %), in line mode at the end of each following trial's line (no line of its own).
    /// </summary>
    public void ShowStatus(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            _lines.Status = status;
            if (_bar is null)
            {
                return;
            }

            if (_last is null)
            {
                _bar.Update(0, status);
            }
            else
            {
                Draw(_last, status);
            }
        }
    }

    private void Draw(SearchProgress value, string? status) =>
        _bar!.Update(value.MaxTrials > 0 ? (double)value.Trial / value.MaxTrials : 1, SearchProgressBar.Describe(value, status));

    /// <inheritdoc />
    public void Dispose() => _bar?.Dispose();
}

namespace GPTailor.Cli;

/// <summary>
/// Search progress on stderr: on a terminal a live bar (<see cref="LiveProgressBar"/>); otherwise one line per trial
/// (<see cref="SearchProgressBar.Lines"/>: <c>trial 3/30 budget 10 best a=0.500 00:00:05 eta 00:00:40</c>), never a
/// carriage return, so a log holds one readable line per step instead of hundreds of redraws.
/// </summary>
internal sealed class SearchProgressDisplay(CliConsole console, string title = "search") : IProgress<SearchProgress>, IDisposable
{
    private readonly LiveProgressBar? _bar = console.Interactive ? new LiveProgressBar(console.ErrorAnsi, title) : null;
    private readonly SearchProgressBar _lines = new(console.Error) { Lines = true };

    /// <inheritdoc />
    public void Report(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_bar is not null)
        {
            _bar.Update(value.MaxTrials > 0 ? (double)value.Trial / value.MaxTrials : 1, SearchProgressBar.Describe(value));
            return;
        }

        _lines.Report(value);
    }

    /// <inheritdoc />
    public void Dispose() => _bar?.Dispose();
}

using Spectre.Console;

namespace GPTailor.Cli;

/// <summary>
/// A Spectre.Console live progress bar on stderr for a terminal: started by the first <see cref="Update"/>, redrawn in
/// place, left on screen when finished (<see cref="Dispose"/>, or a fraction of 1). Updates may come from any thread.
/// </summary>
internal sealed class LiveProgressBar(IAnsiConsole console, string title) : IDisposable
{
    private const double Scale = 1000;
    private const int BarWidth = 28;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _finish;
    private ProgressTask? _task;
    private Task? _display;

    /// <summary>Shows <paramref name="fraction"/> (0..1) and <paramref name="description"/> (plain text).</summary>
    public void Update(double fraction, string description)
    {
        lock (_gate)
        {
            if (_display is { IsCompleted: true })
            {
                return;
            }

            if (_task is null)
            {
                Start();
            }

            // One screen line: the bar and percentage keep their width, the text is cut to what is left.
            var text = $"{title} {description}";
            var room = Math.Max(20, console.Profile.Width - BarWidth - 10);
            _task!.Description = Markup.Escape(text.Length <= room ? text : text[..(room - 1)] + "…");
            _task.Value = Math.Clamp(fraction, 0, 1) * Scale;
            if (fraction >= 1)
            {
                Stop();
            }
        }
    }

    /// <summary>Ends the live display (leaving the last state on screen).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Stop();
        }
    }

    private void Start()
    {
        var ready = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _finish = finish;
        _display = Task.Run(() => console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn { Width = BarWidth }, new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                ready.SetResult(context.AddTask(Markup.Escape(title), maxValue: Scale));
                await finish.Task.ConfigureAwait(false);
            }));
        _task = ready.Task.GetAwaiter().GetResult();
    }

    private void Stop()
    {
        if (_finish is null || _display is null)
        {
            return;
        }

        _finish.TrySetResult();
        _display.GetAwaiter().GetResult();
    }
}

using System.Globalization;

namespace GPTailor.Cli;

/// <summary>
/// Progress of the default family's build on stderr: on a terminal a live bar; otherwise one line when a stage starts
/// and at every tenth of a training stage (<c>family  35% base 140/400 loss 1.234</c>), never a carriage return.
/// </summary>
internal sealed class FamilyProgressDisplay(CliConsole console) : IProgress<DefaultFamilyProgress>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly LiveProgressBar? _bar = console.Interactive ? new LiveProgressBar(console.ErrorAnsi, "family") : null;
    private string? _stage;
    private int _lastTenth = -1;

    /// <inheritdoc />
    public void Report(DefaultFamilyProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var fraction = Math.Clamp(value.Fraction, 0, 1);
        var steps = value.TotalSteps > 0 ? string.Create(CultureInfo.InvariantCulture, $" {value.Step}/{value.TotalSteps}") : string.Empty;
        var loss = value.Loss is { } l ? string.Create(CultureInfo.InvariantCulture, $" loss {l:F3}") : string.Empty;
        var text = $"{value.Stage}{steps}{loss}";
        if (_bar is not null)
        {
            _bar.Update(value.Stage == "done" ? 1 : Math.Min(fraction, 0.999), text);
            return;
        }

        lock (_gate)
        {
            var tenth = value.TotalSteps > 0 ? 10 * value.Step / value.TotalSteps : 0;
            if (value.Stage == _stage && tenth == _lastTenth)
            {
                return;
            }

            _stage = value.Stage;
            _lastTenth = tenth;
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"family {fraction * 100,3:F0}% {text}"));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _bar?.Dispose();
}

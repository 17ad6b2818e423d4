using System.Globalization;

namespace GPTailor.Models;

/// <summary>Progress of a default-family build.</summary>
/// <param name="Stage">What is running: <c>data</c>, <c>tokenizer</c>, <c>base</c>, <c>fine-tune &lt;skill&gt;</c>, <c>write</c>, <c>done</c>.</param>
/// <param name="Step">Optimizer step within the stage (0 outside training).</param>
/// <param name="TotalSteps">Optimizer steps of the stage (0 outside training).</param>
/// <param name="Fraction">Overall completion in [0, 1], weighted by training steps.</param>
/// <param name="Loss">Mean training loss over the last steps, when training.</param>
public sealed record DefaultFamilyProgress(string Stage, int Step, int TotalSteps, double Fraction, double? Loss)
{
    /// <summary>A one-line text progress bar, e.g. <c>[#######-------------]  35% base 140/400 loss 1.234</c>.</summary>
    /// <param name="width">Number of cells in the bar (1..200).</param>
    public string ToBar(int width = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 200);
        var clamped = Math.Clamp(Fraction, 0, 1);
        var filled = (int)Math.Round(clamped * width);
        var steps = TotalSteps > 0 ? string.Create(CultureInfo.InvariantCulture, $" {Step}/{TotalSteps}") : string.Empty;
        var loss = Loss is { } l ? string.Create(CultureInfo.InvariantCulture, $" loss {l:F3}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('-', width - filled)}] {clamped * 100,3:F0}% {Stage}{steps}{loss}");
    }
}

namespace GPTailor.Models;

/// <summary>Linear warm-up over the first 5 % of the steps (at least one), then cosine decay to a tenth of the peak.</summary>
internal static class LearningRateSchedule
{
    /// <summary>The learning rate of step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(int step, int totalSteps, double peak)
    {
        var warmup = Math.Max(1, totalSteps / 20);
        if (step < warmup)
        {
            return peak * (step + 1) / warmup;
        }

        var progress = totalSteps - warmup <= 1 ? 1.0 : (double)(step - warmup) / (totalSteps - warmup - 1);
        var floor = peak / 10;
        return floor + ((peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}

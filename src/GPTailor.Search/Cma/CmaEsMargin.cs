
namespace GPTailor.Search;

/// <summary>
/// Margin correction of CMA-ES with margin (Hamano, Saito, Nomura &amp; Shirakawa, GECCO 2022). On each integer or
/// binary coordinate j the evaluated value is the nearest integer to m_j + A_j (x_j − m_j); its marginal is
/// N(m_j, s²) with s = σ A_j √C_jj. After every update the mean and A are adjusted so that the probability of
/// producing a value other than the nearest one to the mean stays at least α.
/// </summary>
internal static class CmaEsMargin
{
    public static void Apply(CmaEsRun run, SearchBox box, double alpha)
    {
        var n = run.Mean.Length;
        for (var j = 0; j < n; j++)
        {
            if (box.Kinds[j] == DimensionKind.Continuous)
            {
                continue;
            }

            var lowest = Math.Ceiling(box.Lower[j]);
            var highest = Math.Floor(box.Upper[j]);
            if (highest <= lowest)
            {
                continue;
            }

            var sd = Math.Sqrt(run.C[j * n + j]) * run.Sigma;
            var s = run.MarginScale[j] * sd;
            if (!(s > 0) || !double.IsFinite(s))
            {
                continue;
            }

            var m = run.Mean[j];
            var nearest = Math.Clamp(Math.Round(m, MidpointRounding.AwayFromZero), lowest, highest);
            var hasLower = nearest > lowest;
            var hasUpper = nearest < highest;
            if (hasLower && hasUpper)
            {
                CorrectInterior(run, j, nearest - 0.5, nearest + 0.5, m, s, sd, alpha);
            }
            else
            {
                var threshold = hasLower ? nearest - 0.5 : nearest + 0.5;
                var side = hasLower ? 1.0 : -1.0;
                var crossing = NormalDistribution.Cdf(-side * (m - threshold) / s);
                if (crossing < alpha)
                {
                    run.Mean[j] = threshold + side * s * NormalDistribution.Quantile(1 - alpha);
                }
            }
        }
    }

    private static void CorrectInterior(CmaEsRun run, int j, double lowThreshold, double highThreshold, double m, double s, double sd, double alpha)
    {
        var below = NormalDistribution.Cdf((lowThreshold - m) / s);
        var above = NormalDistribution.Cdf((m - highThreshold) / s);
        var half = alpha / 2;
        if (below >= half && above >= half)
        {
            return;
        }

        var middle = 1 - below - above;
        var lowClamped = Math.Max(below, half);
        var highClamped = Math.Max(above, half);
        var excess = 1 - lowClamped - highClamped - middle;
        var denominator = lowClamped + middle + highClamped - 3 * half;
        var newBelow = Math.Clamp(lowClamped + excess * (lowClamped - half) / denominator, 1e-10, 0.5 - 1e-10);
        var newAbove = Math.Clamp(highClamped + excess * (highClamped - half) / denominator, 1e-10, 0.5 - 1e-10);
        var zLow = NormalDistribution.Quantile(1 - newBelow);
        var zHigh = NormalDistribution.Quantile(1 - newAbove);
        var newS = (highThreshold - lowThreshold) / (zLow + zHigh);
        run.Mean[j] = (lowThreshold * zHigh + highThreshold * zLow) / (zLow + zHigh);
        run.MarginScale[j] = newS / sd;
    }
}

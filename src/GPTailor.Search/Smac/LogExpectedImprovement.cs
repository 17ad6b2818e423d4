namespace GPTailor.Search;

/// <summary>
/// SMAC's expected improvement for a model of log costs (<c>EI(log=True)</c>, Hutter et al. 2011): with the model's
/// prediction Y ~ N(μ, σ²) of the log cost and the incumbent's log cost η, the expected improvement of the cost e^Y over
/// f_min = e^η is
/// <c>E[max(f_min − e^Y, 0)] = f_min·Φ(v) − e^(μ + σ²/2)·Φ(v − σ)</c> with <c>v = (η − μ)/σ</c>.
/// For σ = 0 it is max(f_min − e^μ, 0).
/// </summary>
internal static class LogExpectedImprovement
{
    /// <summary>The expected improvement (non-negative) at a point with predicted log-cost mean and variance.</summary>
    public static double Compute(double mean, double variance, double eta)
    {
        var fMin = Math.Exp(eta);
        var sigma = Math.Sqrt(Math.Max(variance, 0));
        if (!(sigma > 1e-12))
        {
            return Math.Max(fMin - Math.Exp(mean), 0);
        }

        var v = (eta - mean) / sigma;
        var ei = (fMin * NormalDistribution.Cdf(v)) - (Math.Exp(mean + (0.5 * variance)) * NormalDistribution.Cdf(v - sigma));
        return Math.Max(ei, 0);
    }

    /// <summary>The plain expected improvement E[max(η − Y, 0)] = (η − μ)·Φ(z) + σ·φ(z), z = (η − μ)/σ (for costs modelled without the log).</summary>
    public static double Plain(double mean, double variance, double eta)
    {
        var sigma = Math.Sqrt(Math.Max(variance, 0));
        if (!(sigma > 1e-12))
        {
            return Math.Max(eta - mean, 0);
        }

        var z = (eta - mean) / sigma;
        var density = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        return Math.Max(((eta - mean) * NormalDistribution.Cdf(z)) + (sigma * density), 0);
    }
}

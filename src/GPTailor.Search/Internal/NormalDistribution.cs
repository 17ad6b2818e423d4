namespace GPTailor.Search;

/// <summary>The standard normal distribution function and its inverse (double precision).</summary>
internal static class NormalDistribution
{
    /// <summary>Φ(x), via a complementary error function accurate to about 1e-15 relative.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2.0));

    /// <summary>Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step.</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must lie strictly between 0 and 1.");
        }

        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var e = Cdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>erfc(x): Taylor series of erf for |x| &lt; 2.5, Laplace continued fraction beyond.</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        double result;
        if (z < 2.5)
        {
            result = 1 - ErfSeries(z);
        }
        else
        {
            result = ErfcContinuedFraction(z);
        }

        return x >= 0 ? result : 2 - result;
    }

    private static double ErfSeries(double z)
    {
        // erf(z) = 2/sqrt(pi) * exp(-z^2) * sum_{n>=0} 2^n z^(2n+1) / (1*3*...*(2n+1))
        var term = z;
        var sum = z;
        var z2 = z * z;
        for (var n = 1; n < 200; n++)
        {
            term *= 2 * z2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-z2) * sum;
    }

    private static double ErfcContinuedFraction(double z)
    {
        // Lentz evaluation of erfc(z) = exp(-z^2)/sqrt(pi) * 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...)))))
        const double tiny = 1e-300;
        var f = z;
        var c = z;
        var d = 0.0;
        for (var n = 1; n < 500; n++)
        {
            var an = n / 2.0;
            d = z + an * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = z + an / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / f;
    }
}

namespace GPTailor.Search;

/// <summary>One generation's update of mean, paths, covariance and step size (Hansen 2016, with active CMA).</summary>
internal static class CmaEsUpdate
{
    /// <summary>
    /// Updates <paramref name="run"/> from the steps y_i = (x_i − m)/σ of a full generation, sorted best first.
    /// </summary>
    public static void Apply(CmaEsRun run, CmaEsParameters p, IReadOnlyList<double[]> sortedSteps)
    {
        var n = run.Mean.Length;
        var w = p.Weights;
        var yw = new double[n];
        for (var i = 0; i < p.Mu; i++)
        {
            var y = sortedSteps[i];
            for (var k = 0; k < n; k++)
            {
                yw[k] += w[i] * y[k];
            }
        }

        for (var k = 0; k < n; k++)
        {
            run.Mean[k] += run.Sigma * yw[k];
        }

        var invYw = run.InverseSqrtTimes(yw);
        var cs = p.CSigma;
        var psFactor = Math.Sqrt(cs * (2 - cs) * p.MuEff);
        double psNormSq = 0;
        for (var k = 0; k < n; k++)
        {
            run.PathSigma[k] = (1 - cs) * run.PathSigma[k] + psFactor * invYw[k];
            psNormSq += run.PathSigma[k] * run.PathSigma[k];
        }

        var psNorm = Math.Sqrt(psNormSq);
        var generations = run.Generation + 1;
        var hSigma = psNorm / Math.Sqrt(1 - Math.Pow(1 - cs, 2.0 * generations)) < (1.4 + 2.0 / (n + 1)) * p.ChiN;
        var pcFactor = hSigma ? Math.Sqrt(p.Cc * (2 - p.Cc) * p.MuEff) : 0;
        for (var k = 0; k < n; k++)
        {
            run.PathC[k] = (1 - p.Cc) * run.PathC[k] + pcFactor * yw[k];
        }

        UpdateCovariance(run, p, sortedSteps, hSigma);
        var exponent = cs / p.DSigma * (psNorm / p.ChiN - 1);
        run.Sigma *= Math.Exp(Math.Min(1.0, exponent));
        run.Generation = generations;
    }

    private static void UpdateCovariance(CmaEsRun run, CmaEsParameters p, IReadOnlyList<double[]> sortedSteps, bool hSigma)
    {
        var n = run.Mean.Length;
        var lambda = sortedSteps.Count;
        var effective = new double[lambda];
        for (var i = 0; i < lambda; i++)
        {
            var wi = p.Weights[i];
            if (wi >= 0)
            {
                effective[i] = wi;
                continue;
            }

            var z = run.InverseSqrtTimes(sortedSteps[i]);
            var normSq = z.Sum(v => v * v);
            effective[i] = normSq > 0 ? wi * n / normSq : 0;
        }

        var delta = hSigma ? 0 : p.Cc * (2 - p.Cc);
        var decay = 1 + p.C1 * delta - p.C1 - p.CMu * p.WeightSum;
        var pc = run.PathC;
        var c = run.C;
        for (var r = 0; r < n; r++)
        {
            var row = r * n;
            for (var col = 0; col <= r; col++)
            {
                c[row + col] = decay * c[row + col] + p.C1 * pc[r] * pc[col];
            }
        }

        for (var i = 0; i < lambda; i++)
        {
            var coefficient = p.CMu * effective[i];
            if (coefficient == 0)
            {
                continue;
            }

            var y = sortedSteps[i];
            for (var r = 0; r < n; r++)
            {
                var row = r * n;
                var scaled = coefficient * y[r];
                for (var col = 0; col <= r; col++)
                {
                    c[row + col] += scaled * y[col];
                }
            }
        }

        for (var r = 0; r < n; r++)
        {
            for (var col = 0; col < r; col++)
            {
                c[col * n + r] = c[r * n + col];
            }
        }
    }
}

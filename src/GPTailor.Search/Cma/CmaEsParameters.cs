namespace GPTailor.Search;

/// <summary>The strategy parameters of one CMA-ES run (Hansen 2016, Table 1, with active negative weights).</summary>
internal sealed class CmaEsParameters
{
    public CmaEsParameters(int n, int lambda)
    {
        Lambda = lambda;
        Mu = lambda / 2;
        var raw = new double[lambda];
        for (var i = 0; i < lambda; i++)
        {
            raw[i] = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);
        }

        double sumPos = 0, sumPosSq = 0, sumNeg = 0, sumNegSq = 0;
        foreach (var w in raw)
        {
            if (w > 0)
            {
                sumPos += w;
                sumPosSq += w * w;
            }
            else
            {
                sumNeg += w;
                sumNegSq += w * w;
            }
        }

        MuEff = sumPos * sumPos / sumPosSq;
        var muEffMinus = sumNegSq > 0 ? sumNeg * sumNeg / sumNegSq : 0;
        const double alphaCov = 2;
        CSigma = (MuEff + 2) / (n + MuEff + 5);
        DSigma = 1 + 2 * Math.Max(0, Math.Sqrt((MuEff - 1) / (n + 1)) - 1) + CSigma;
        Cc = (4 + MuEff / n) / (n + 4 + 2 * MuEff / n);
        C1 = alphaCov / ((n + 1.3) * (n + 1.3) + MuEff);
        CMu = Math.Min(1 - C1, alphaCov * (MuEff - 2 + 1 / MuEff) / ((n + 2) * (n + 2) + alphaCov * MuEff / 2));
        var alphaMuMinus = 1 + C1 / CMu;
        var alphaMuEffMinus = 1 + 2 * muEffMinus / (MuEff + 2);
        var alphaPosDefMinus = (1 - C1 - CMu) / (n * CMu);
        var negScale = Math.Min(alphaMuMinus, Math.Min(alphaMuEffMinus, alphaPosDefMinus));
        Weights = new double[lambda];
        for (var i = 0; i < lambda; i++)
        {
            Weights[i] = raw[i] > 0 ? raw[i] / sumPos : (sumNeg < 0 ? negScale * raw[i] / -sumNeg : 0);
        }

        WeightSum = Weights.Sum();
        ChiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        EigenInterval = Math.Max(1, (int)Math.Floor(1.0 / (10.0 * n * (C1 + CMu))));
        HistoryLength = 10 + (int)Math.Ceiling(30.0 * n / lambda);
    }

    public int Lambda { get; }

    public int Mu { get; }

    /// <summary>Recombination weights: μ positive ones summing to 1, then the active negative ones.</summary>
    public double[] Weights { get; }

    public double WeightSum { get; }

    public double MuEff { get; }

    public double CSigma { get; }

    public double DSigma { get; }

    public double Cc { get; }

    public double C1 { get; }

    public double CMu { get; }

    /// <summary>E‖N(0, I)‖.</summary>
    public double ChiN { get; }

    /// <summary>Generations between eigendecompositions (lazy update).</summary>
    public int EigenInterval { get; }

    /// <summary>Generations of best values kept for TolFun / TolFunHist: 10 + ⌈30 n / λ⌉.</summary>
    public int HistoryLength { get; }
}

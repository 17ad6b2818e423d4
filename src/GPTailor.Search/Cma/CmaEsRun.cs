namespace GPTailor.Search;

/// <summary>
/// The search distribution of one CMA-ES run, N(m, σ² C) with C = B D² Bᵀ, plus its evolution paths, the margin
/// scale A of each coordinate and the history used by the termination criteria. Plain data so it serialises as is.
/// </summary>
internal sealed class CmaEsRun
{
    public int Lambda { get; set; }

    public double Sigma { get; set; }

    public double Sigma0 { get; set; }

    public double[] Mean { get; set; } = [];

    /// <summary>Covariance matrix, row-major n×n.</summary>
    public double[] C { get; set; } = [];

    /// <summary>Eigenvectors of C (column k = vector k), row-major n×n, from the last decomposition.</summary>
    public double[] B { get; set; } = [];

    /// <summary>Square roots of the eigenvalues of C from the last decomposition.</summary>
    public double[] D { get; set; } = [];

    public double[] PathSigma { get; set; } = [];

    public double[] PathC { get; set; } = [];

    /// <summary>Margin scale per coordinate (1 on continuous coordinates).</summary>
    public double[] MarginScale { get; set; } = [];

    public long Generation { get; set; }

    public long EigenGeneration { get; set; }

    public long StartEvaluations { get; set; }

    /// <summary>Evaluation cap of this run (BIPOP small regime); 0 means none.</summary>
    public long EvaluationCap { get; set; }

    public bool IsSmallRegime { get; set; }

    /// <summary>Best value of each recent generation (oldest first), for TolFun / TolFunHist.</summary>
    public List<double> BestHistory { get; set; } = [];

    /// <summary>Values of the last completed generation, for TolFun.</summary>
    public double[] LastValues { get; set; } = [];

    public static CmaEsRun Start(int n, int lambda, double sigma0, double[] mean, bool isSmall, long startEvaluations, long cap)
    {
        var run = new CmaEsRun
        {
            Lambda = lambda,
            Sigma = sigma0,
            Sigma0 = sigma0,
            Mean = mean,
            C = new double[n * n],
            B = new double[n * n],
            D = Enumerable.Repeat(1.0, n).ToArray(),
            PathSigma = new double[n],
            PathC = new double[n],
            MarginScale = Enumerable.Repeat(1.0, n).ToArray(),
            IsSmallRegime = isSmall,
            StartEvaluations = startEvaluations,
            EvaluationCap = cap,
        };
        for (var i = 0; i < n; i++)
        {
            run.C[i * n + i] = 1;
            run.B[i * n + i] = 1;
        }

        return run;
    }

    /// <summary>Checks array sizes after loading.</summary>
    public void Validate(int n)
    {
        StateJson.RequireLength(Mean, n, "Mean");
        StateJson.RequireLength(C, n * n, "C");
        StateJson.RequireLength(B, n * n, "B");
        StateJson.RequireLength(D, n, "D");
        StateJson.RequireLength(PathSigma, n, "PathSigma");
        StateJson.RequireLength(PathC, n, "PathC");
        StateJson.RequireLength(MarginScale, n, "MarginScale");
        if (Lambda < 2 || !(Sigma > 0) || BestHistory is null || LastValues is null)
        {
            throw new FormatException("The CMA-ES run state is inconsistent (population size, step size or history).");
        }
    }

    /// <summary>y = B D z: a draw from N(0, C) for a standard normal z.</summary>
    public void Transform(ReadOnlySpan<double> z, Span<double> y)
    {
        var n = D.Length;
        var scaled = new double[n];
        for (var k = 0; k < n; k++)
        {
            scaled[k] = D[k] * z[k];
        }

        for (var i = 0; i < n; i++)
        {
            y[i] = Dot(B.AsSpan(i * n, n), scaled);
        }
    }

    /// <summary>C^(-1/2) y = B D⁻¹ Bᵀ y.</summary>
    public double[] InverseSqrtTimes(ReadOnlySpan<double> y)
    {
        var n = D.Length;
        var tmp = new double[n];
        for (var i = 0; i < n; i++)
        {
            var yi = y[i];
            var row = B.AsSpan(i * n, n);
            for (var k = 0; k < n; k++)
            {
                tmp[k] += row[k] * yi;
            }
        }

        for (var k = 0; k < n; k++)
        {
            tmp[k] /= D[k];
        }

        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = Dot(B.AsSpan(i * n, n), tmp);
        }

        return result;
    }

    /// <summary>Symmetrises C and recomputes B and D.</summary>
    public void Decompose()
    {
        var n = D.Length;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var avg = (C[i * n + j] + C[j * n + i]) / 2;
                C[i * n + j] = avg;
                C[j * n + i] = avg;
            }
        }

        var values = new double[n];
        TridiagonalEigen.Decompose(C, n, values, B);
        for (var i = 0; i < n; i++)
        {
            D[i] = Math.Sqrt(Math.Max(values[i], 1e-300));
        }

        EigenGeneration = Generation;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => VectorMath.Dot(a, b);
}

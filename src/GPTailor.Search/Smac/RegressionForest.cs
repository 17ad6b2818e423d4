namespace GPTailor.Search;

/// <summary>
/// SMAC's random-forest surrogate: <see cref="ForestSettings.Trees"/> regression trees, each grown on a bootstrap
/// sample with random feature subsets at every split. The prediction at a point is the mean of the trees' leaf means;
/// its variance follows the law of total variance as pyrfr computes it for SMAC: the variance of the leaf means across
/// trees plus the mean of the within-leaf variances.
/// </summary>
internal sealed class RegressionForest
{
    private readonly RegressionTree[] _trees;

    private RegressionForest(RegressionTree[] trees) => _trees = trees;

    /// <summary>The trees.</summary>
    public IReadOnlyList<RegressionTree> Trees => _trees;

    /// <summary>Grows a forest on the rows of <paramref name="x"/> (all of one length) and their targets <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">No data, ragged rows, or non-finite values.</exception>
    public static RegressionForest Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, ForestSettings settings, SearchRandom random)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        if (x.Count == 0 || x.Count != y.Count || x.Any(r => r is null || r.Length != x[0].Length) || x[0].Length == 0)
        {
            throw new ArgumentException("The forest needs at least one sample, one feature, rows of equal length and one target per row.");
        }

        if (y.Any(v => !double.IsFinite(v)) || x.Any(r => r.Any(v => !double.IsFinite(v))))
        {
            throw new ArgumentException("Forest features and targets must be finite.");
        }

        var n = x.Count;
        var trees = new RegressionTree[settings.Trees];
        for (var t = 0; t < trees.Length; t++)
        {
            var rows = new int[n];
            for (var i = 0; i < n; i++)
            {
                rows[i] = settings.Bootstrap ? random.NextInt(n) : i;
            }

            trees[t] = RegressionTree.Fit(x, y, rows, settings, random);
        }

        return new RegressionForest(trees);
    }

    /// <summary>The forest's mean and variance at <paramref name="point"/>.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point)
    {
        Span<double> means = _trees.Length <= 64 ? stackalloc double[_trees.Length] : new double[_trees.Length];
        var sum = 0.0;
        var within = 0.0;
        for (var i = 0; i < _trees.Length; i++)
        {
            var (m, v) = _trees[i].Predict(point);
            means[i] = m;
            sum += m;
            within += v;
        }

        var t = _trees.Length;
        var mean = sum / t;
        var across = 0.0;
        foreach (var m in means)
        {
            across += (m - mean) * (m - mean);
        }

        return (mean, (across / t) + (within / t));
    }
}

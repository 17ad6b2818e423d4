namespace GPTailor.Search;

/// <summary>
/// One fit of SMAC's surrogate: chooses the budget (the highest with enough results, as SMAC's multi-fidelity
/// facade trains on the highest budget), turns the history into targets (ParEGO re-scalarisation of the raw costs
/// with fresh weights and bounds over the whole history, failed trials imputed with the worst value, log scaling),
/// fits the forest and scores points by expected improvement over the best predicted training value.
/// </summary>
internal sealed class SmacSurrogate
{
    private readonly RegressionForest _forest;
    private readonly SmacFeatures _features;
    private readonly bool _log;

    private SmacSurrogate(RegressionForest forest, SmacFeatures features, bool log, double eta, IReadOnlyList<double[]> points, int budget)
    {
        _forest = forest;
        _features = features;
        _log = log;
        Eta = eta;
        TrainingPoints = points;
        Budget = budget;
    }

    /// <summary>The incumbent's model value (minimum predicted mean over the training points, in model space).</summary>
    public double Eta { get; }

    /// <summary>The points the forest was fitted on.</summary>
    public IReadOnlyList<double[]> TrainingPoints { get; }

    /// <summary>The budget of the training results.</summary>
    public int Budget { get; }

    /// <summary>
    /// Fits the surrogate, or returns null when no budget has <see cref="SmacOptions.MinObservations"/> results. Draws
    /// from <paramref name="random"/>: the ParEGO weights (when re-scalarising), then the forest.
    /// </summary>
    public static SmacSurrogate? Fit(IReadOnlyList<SmacRecord> history, SmacOptions options, SmacFeatures features, SearchRandom random)
    {
        var budget = history.GroupBy(r => r.Budget).Where(g => g.Count() >= options.MinObservations).Select(g => (int?)g.Key).Max();
        if (budget is null)
        {
            return null;
        }

        var used = history.Where(r => r.Budget == budget).ToArray();
        var values = Targets(history, used, options, random);
        var x = used.Select(r => features.Of(r.Point)).ToArray();
        var forest = RegressionForest.Fit(x, values, options.Forest, random);
        var eta = x.Min(row => forest.Predict(row).Mean);
        return new SmacSurrogate(forest, features, options.LogTransform, eta, used.Select(r => r.Point).ToArray(), budget.Value);
    }

    /// <summary>
    /// The model targets of <paramref name="used"/>: re-scalarised with ParEGO (θ drawn now, bounds over all of
    /// <paramref name="history"/>) when <see cref="SmacOptions.ParEgo"/> applies, else the recorded values; non-finite
    /// values become the worst finite one; then log-scaled when <see cref="SmacOptions.LogTransform"/>.
    /// </summary>
    internal static double[] Targets(IReadOnlyList<SmacRecord> history, IReadOnlyList<SmacRecord> used, SmacOptions options, SearchRandom random)
    {
        var objectives = used[0].Costs.Length;
        double[] values;
        if (options.ParEgo && objectives > 1)
        {
            var theta = ParEgoScalarizer.DrawTheta(objectives, random.NextDouble);
            var min = new double[objectives];
            var max = new double[objectives];
            for (var i = 0; i < objectives; i++)
            {
                var finite = history.Select(r => r.Costs[i]).Where(double.IsFinite).ToArray();
                min[i] = finite.Length == 0 ? double.PositiveInfinity : finite.Min();
                max[i] = finite.Length == 0 ? double.NegativeInfinity : finite.Max();
            }

            values = used.Select(r => ParEgoScalarizer.Chebyshev(r.Costs, theta, min, max, options.Rho)).ToArray();
        }
        else
        {
            values = used.Select(r => r.Value).ToArray();
        }

        var worst = values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = double.IsFinite(values[i]) ? values[i] : worst;
        }

        return options.LogTransform ? LogScale(values) : values;
    }

    /// <summary>
    /// SMAC's log scaling: y ↦ log((y − m)/(max − m)) with m = min − δ below the smallest value, δ = the gap between
    /// the 5th percentile and the minimum, at least 10⁻³ of the range (and 10⁻¹⁰), so the best value is not an outlier.
    /// </summary>
    internal static double[] LogScale(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var min = sorted[0];
        var max = sorted[^1];
        var position = 0.05 * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var p5 = sorted[low] + ((position - low) * (sorted[Math.Min(low + 1, sorted.Length - 1)] - sorted[low]));
        var delta = Math.Max(Math.Max(p5 - min, 1e-3 * (max - min)), 1e-10);
        var m = min - delta;
        return values.Select(v => Math.Log((v - m) / (max - m))).ToArray();
    }

    /// <summary>How the forest sees points.</summary>
    public SmacFeatures Features => _features;

    /// <summary>The forest's mean and variance at a box point (in model space).</summary>
    public (double Mean, double Variance) Predict(IReadOnlyList<double> point) => _forest.Predict(_features.Of(point));

    /// <summary>The acquisition value (expected improvement; log-EI when costs are log-scaled) at a box point.</summary>
    public double Acquisition(IReadOnlyList<double> point) => AcquisitionOf(_features.Of(point));

    /// <summary>The acquisition value at a feature vector (<see cref="SmacFeatures.Of"/>).</summary>
    public double AcquisitionOf(double[] features)
    {
        var (mean, variance) = _forest.Predict(features);
        return _log ? LogExpectedImprovement.Compute(mean, variance, Eta) : LogExpectedImprovement.Plain(mean, variance, Eta);
    }
}


namespace GPTailor.Models;

/// <summary>
/// Computes the importance metrics on calibration data with one <see cref="HiddenStateProbe"/> pass:
/// <list type="bullet">
/// <item><c>bi</c> (ShortGPT): <c>BI_i = Σ_tokens (1 − cos(X_i, X_{i+1}))</c>, X_0 the embeddings, a NaN cosine counted as
/// 0.5; X_N is the output after the final RMSNorm by default (<see cref="BaselineOptions.LastStateAfterFinalNorm"/>), as in
/// Hugging Face's hidden states used by the official code. Summed over tokens; padding excluded by default (the official
/// code includes it, see <see cref="BaselineOptions.IncludePadding"/>).</item>
/// <item><c>angular</c> (Gromov et al.): <c>d(l, n) = arccos(cos(X_l, X_{l+n})) / π</c>, averaged over all counted
/// tokens (the paper uses the last token only), for each block start l; the same X_N convention as <c>bi</c>.</item>
/// <item><c>relmag</c>: <c>‖f(x)‖ / ‖x + f(x)‖</c> with f(x) the layer's residual update, averaged over tokens.</item>
/// </list>
/// Cosines and norms are computed in float32 from the compute-dtype states; sums in double. Sequences are used whole
/// (up to <see cref="BaselineOptions.MaxLength"/>), not cut into the official code's 256-token windows.
/// </summary>
public static class LayerImportance
{
    /// <summary>The metric names accepted by <see cref="ParseMetric"/>: bi, angular, relmag.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = ["bi", "angular", "relmag"];

    /// <summary>The metric's command-line name.</summary>
    public static string NameOf(ImportanceMetric metric) => metric switch
    {
        ImportanceMetric.BlockInfluence => "bi",
        ImportanceMetric.Angular => "angular",
        ImportanceMetric.RelativeMagnitude => "relmag",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Parses bi, angular or relmag.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ImportanceMetric ParseMetric(string name) => name switch
    {
        "bi" => ImportanceMetric.BlockInfluence,
        "angular" => ImportanceMetric.Angular,
        "relmag" => ImportanceMetric.RelativeMagnitude,
        _ => throw new ArgumentException($"Unknown importance metric '{name}' (use {string.Join(", ", MetricNames)})."),
    };

    /// <summary>Computes one metric.</summary>
    /// <param name="model">The model (not owned).</param>
    /// <param name="calibration">Token id sequences.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="blockSize">n of the angular metric, 1 ≤ n ≤ N (ignored by the others).</param>
    /// <param name="options">Batching, padding and X_N convention.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">Bad block size or options, or no calibration token.</exception>
    public static ImportanceResult Compute(CausalLanguageModel model, IReadOnlyList<int[]> calibration, ImportanceMetric metric, int blockSize = 1, BaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new BaselineOptions();
        int n = model.Layers.Count;
        if (metric == ImportanceMetric.Angular && (blockSize < 1 || blockSize > n))
        {
            throw new ArgumentException($"The angular block size must be in [1, {n}]; got {blockSize}.");
        }

        IHiddenStateObserver observer = metric switch
        {
            ImportanceMetric.BlockInfluence => new BlockInfluenceObserver(n, options.LastStateAfterFinalNorm),
            ImportanceMetric.Angular => new AngularDistanceObserver(n, blockSize, options.LastStateAfterFinalNorm),
            ImportanceMetric.RelativeMagnitude => new RelativeMagnitudeObserver(n),
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
        var probe = new HiddenStateProbe(model, options);
        var progress = options.Progress is { } p ? new InlineProgress<int>(done => p.Report($"{NameOf(metric)}: {done}/{calibration.Count} sequences")) : null;
        long tokens;
        try
        {
            tokens = probe.Run(calibration, [observer], progress, cancellationToken);
        }
        finally
        {
            observer.EndBatch();
        }

        return observer switch
        {
            BlockInfluenceObserver bi => new ImportanceResult(metric, bi.Sums, 1, tokens),
            AngularDistanceObserver angular => new ImportanceResult(metric, angular.Sums.Select(s => s / tokens).ToArray(), blockSize, tokens),
            RelativeMagnitudeObserver relmag => new ImportanceResult(metric, relmag.Sums.Select(s => s / tokens).ToArray(), 1, tokens),
            _ => throw new InvalidOperationException(),
        };
    }
}

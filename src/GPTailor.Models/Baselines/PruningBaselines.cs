using System.Globalization;

namespace GPTailor.Models;

/// <summary>
/// Single-model depth-pruning baselines, each producing a <see cref="TailoringPlan"/> over the family's base model
/// (member 0), so that they are scored and exported like GPTailor's plans:
/// <c>drop-last</c> (the last n layers), <c>shortgpt</c> (the n lowest block influences, at once), <c>angular</c> (the
/// contiguous block of n layers with the smallest angular distance), <c>relmag</c> (the n lowest relative magnitudes),
/// <c>sleb</c> (greedy, n rounds of the removal that hurts calibration perplexity least) and <c>laco</c> (layer
/// collapse in target mode, see <see cref="LayerCollapse"/>).
/// </summary>
public static class PruningBaselines
{
    /// <summary>The method names accepted by <see cref="Plan"/>.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["drop-last", "shortgpt", "angular", "relmag", "sleb", "laco"];

    /// <summary>Builds the plan of a baseline that removes <paramref name="remove"/> layers of the base model.</summary>
    /// <param name="method">One of <see cref="Methods"/>.</param>
    /// <param name="family">The family; member 0 is pruned (the plan keeps the family's candidate count).</param>
    /// <param name="calibration">Calibration token sequences (unused by drop-last).</param>
    /// <param name="remove">Layers to remove, 0 ≤ n &lt; N. LaCo may remove fewer when its threshold rejects merges.</param>
    /// <param name="options">Batching, dtype, device, padding, LaCo settings and progress.</param>
    /// <param name="cancellationToken">Checked between batches and evaluations.</param>
    /// <exception cref="ArgumentException">Unknown method, bad count or options, or calibration without tokens.</exception>
    public static TailoringPlan Plan(string method, ModelFamily family, IReadOnlyList<int[]> calibration, int remove, BaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new BaselineOptions();
        options.Validate();
        int n = family.LayerCount, k = family.CandidateCount;
        if (!Methods.Contains(method))
        {
            throw new ArgumentException($"Unknown pruning method '{method}' (use {string.Join(", ", Methods)}).");
        }

        if (remove < 0 || remove >= n)
        {
            throw new ArgumentException($"The number of layers to remove must be in [0, {n - 1}] for a model of {n} layers; got {remove}.");
        }

        if (method == "drop-last")
        {
            return TailoringPlan.BaseWithout(n, k, Enumerable.Range(n - remove, remove), $"drop-last: remove the last {remove} layers");
        }

        if (!calibration.Any(s => s is { Length: > 1 }))
        {
            throw new ArgumentException($"{method} needs calibration data with at least one sequence of two or more tokens.");
        }

        using var stitcher = new PlanStitcher(family, new StitcherOptions { ComputeDType = options.ComputeDType, Device = options.Device, CacheBytes = options.CacheBytes });
        switch (method)
        {
            case "sleb":
                var greedy = SlebPruner.Select(stitcher, calibration, remove, options, cancellationToken);
                return TailoringPlan.BaseWithout(n, k, greedy, $"sleb: greedy removal order {string.Join(", ", greedy)}");
            case "laco":
                return LayerCollapse.Run(stitcher, calibration, remove, options, cancellationToken);
        }

        if (remove == 0)
        {
            return TailoringPlan.BaseWithout(n, k, [], $"{method}: nothing removed");
        }

        using var dense = stitcher.Build(TailoringPlan.Dense(n, k));
        var metric = method switch
        {
            "shortgpt" => ImportanceMetric.BlockInfluence,
            "angular" => ImportanceMetric.Angular,
            _ => ImportanceMetric.RelativeMagnitude,
        };
        var scores = LayerImportance.Compute(dense.Model, calibration, metric, remove, options, cancellationToken);
        if (metric == ImportanceMetric.Angular)
        {
            int start = scores.Lowest(1)[0];
            return TailoringPlan.BaseWithout(n, k, Enumerable.Range(start, remove), string.Create(CultureInfo.InvariantCulture, $"angular: remove block {start}..{start + remove - 1} (distance {scores.Scores[start]:G6})"));
        }

        var lowest = scores.Lowest(remove);
        return TailoringPlan.BaseWithout(n, k, lowest, $"{method}: remove the {remove} lowest {LayerImportance.NameOf(metric)} scores (layers {string.Join(", ", lowest.Order())})");
    }
}

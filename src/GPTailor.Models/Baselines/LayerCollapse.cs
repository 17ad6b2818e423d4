using System.Globalization;

namespace GPTailor.Models;

/// <summary>
/// LaCo (Yang et al. 2024), as in the reference notebook's loop: starting at l = HighestLayer − C, merge the current
/// layer l with its m = min(C − 1, #layers − l − 1) successors (RDSC: <c>θ*_l = θ_l + Σ_k (θ_{l+k} − θ_l)</c> on attention
/// and MLP weights, norms of l kept, or the notebook's behaviour, see <see cref="CollapseMode"/>), and accept the merge
/// when the mean cosine similarity of the last hidden states (after the final norm) of the original and the candidate
/// on the calibration sequences exceeds T; after an acceptance l −= I (and when l ≥ #layers, l = #layers − 1 − C),
/// otherwise l −= 1; stop when l &lt; LowestLayer. Merges apply to the current model, so a layer merged earlier can be
/// absorbed again: the plan then carries the RDSC coefficients of the nested merges.
/// <para>Target mode (a removal count is given): the loop also stops once that many layers are removed and never
/// removes more; the last merge takes fewer successors when needed. It may end with fewer removals when T rejects too
/// many merges.</para>
/// <para>The reference model's last hidden states on the calibration set are kept in memory (float32) for the whole run,
/// so keep the calibration set small (the notebook uses five short sentences).</para>
/// </summary>
public static class LayerCollapse
{
    /// <summary>Runs LaCo on the family's base model (member 0) and returns the plan.</summary>
    /// <param name="family">The family (member 0 is pruned).</param>
    /// <param name="calibration">Calibration token sequences (the notebook uses 5 short Wikipedia prefixes).</param>
    /// <param name="targetRemoval">Stop at this many removed layers (never more); null = plain LaCo.</param>
    /// <param name="options">LaCo settings in <see cref="BaselineOptions.Laco"/>, plus batching and dtype.</param>
    /// <param name="cancellationToken">Checked between evaluations.</param>
    public static TailoringPlan Plan(ModelFamily family, IReadOnlyList<int[]> calibration, int? targetRemoval = null, BaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(family);
        options ??= new BaselineOptions();
        options.Validate();
        using var stitcher = new PlanStitcher(family, new StitcherOptions { ComputeDType = options.ComputeDType, Device = options.Device, CacheBytes = options.CacheBytes });
        return Run(stitcher, calibration, targetRemoval, options, cancellationToken);
    }

    internal static TailoringPlan Run(PlanStitcher stitcher, IReadOnlyList<int[]> calibration, int? targetRemoval, BaselineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var laco = options.Laco;
        int n = stitcher.Family.LayerCount, k = stitcher.Family.CandidateCount;
        int c = laco.EffectiveMergeLayers(n);
        int highest = laco.HighestLayer ?? n - 1;
        if (highest >= n || laco.LowestLayer >= n)
        {
            throw new ArgumentException($"LaCo layer range [{laco.LowestLayer}, {highest}] is outside the model's layers 0..{n - 1}.");
        }

        if (targetRemoval is int t && (t < 0 || t >= n))
        {
            throw new ArgumentException($"LaCo target removal {t} must be in [0, {n - 1}].");
        }

        var current = Enumerable.Range(0, n).Select(CollapseNode.Of).ToList();
        using var reference = stitcher.Build(TailoringPlan.Dense(n, k));
        using var similarity = new FinalStateSimilarity(reference.Model, calibration, options, cancellationToken);
        int removed = 0;
        int l = highest - c;
        while (l >= laco.LowestLayer && (targetRemoval is null || removed < targetRemoval))
        {
            int m = Math.Min(c - 1, current.Count - l - 1);
            if (targetRemoval is int target)
            {
                m = Math.Min(m, target - removed);
            }

            if (m <= 0 || l >= current.Count)
            {
                l -= 1;
                continue;
            }

            var candidate = Merge(current, l, m);
            double sim;
            using (var model = stitcher.Build(ToPlan(candidate, n, k, laco.Mode, null)))
            {
                sim = similarity.Mean(model.Model, cancellationToken);
            }

            bool accept = sim > laco.Threshold;
            options.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"laco: merge layer {l} with {m} successor(s): similarity {sim:F4} {(accept ? ">" : "≤")} {laco.Threshold} → {(accept ? "accepted" : "rejected")}"));
            if (accept)
            {
                current = candidate;
                removed += m;
                l -= laco.Interval;
                if (l >= current.Count)
                {
                    l = current.Count - 1 - c;
                }
            }
            else
            {
                l -= 1;
            }
        }

        var description = string.Create(CultureInfo.InvariantCulture, $"laco ({(laco.Mode == CollapseMode.Notebook ? "notebook" : "rdsc")}, C={c}, I={laco.Interval}, T={laco.Threshold}{(targetRemoval is int tr ? $", target {tr}" : "")}): removed {removed} layers");
        return ToPlan(current, n, k, laco.Mode, description);
    }

    private static List<CollapseNode> Merge(List<CollapseNode> current, int l, int m)
    {
        var merged = current[l].Absorb(current.GetRange(l + 1, m));
        var result = new List<CollapseNode>(current);
        result.RemoveRange(l, m + 1);
        result.Insert(l, merged);
        return result;
    }

    private static TailoringPlan ToPlan(IReadOnlyList<CollapseNode> nodes, int n, int k, CollapseMode mode, string? description) => new()
    {
        SourceLayerCount = n,
        CandidateCount = k,
        Layers = nodes.Select(node => node.ToRecipe(mode)).ToArray(),
        Embeddings = MergeRecipe.From(0),
        Head = MergeRecipe.From(0),
        Description = description,
    };
}

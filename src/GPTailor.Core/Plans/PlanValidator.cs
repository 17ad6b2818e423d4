using System.Globalization;

namespace GPTailor;

/// <summary>
/// Checks a plan's internal consistency: layer order, member indices and merge parameters. Merge parameters are bounded
/// so that a valid plan cannot overflow float32 weights: task arithmetic |λ| ≤ <see cref="MaxAbsLambda"/>, linear weights in
/// (0, <see cref="MaxLinearWeight"/>], slerp t in [0, 1], collapse coefficients within <see cref="MaxAbsCollapseCoefficient"/>.
/// </summary>
public static class PlanValidator
{
    /// <summary>Largest |λ| of task arithmetic: λ must lie in [−10, 10].</summary>
    public const double MaxAbsLambda = 10;

    /// <summary>Largest weight of a linear merge: each weight must lie in (0, 1e6].</summary>
    public const double MaxLinearWeight = 1e6;

    /// <summary>
    /// Largest |c| of an RDSC collapse coefficient: the larger of 10 and the plan's source layer count (LaCo's coefficients
    /// are sums of ±1 over the absorbed layers, so they never exceed the layer count).
    /// </summary>
    public static double MaxAbsCollapseCoefficient(TailoringPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Math.Max(10, plan.SourceLayerCount);
    }

    /// <summary>Every problem found; empty when the plan is valid.</summary>
    public static IReadOnlyList<string> Validate(TailoringPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<string>();
        if (plan.SourceLayerCount < 1)
        {
            problems.Add("source layer count must be at least 1");
        }

        if (plan.Layers.Count == 0)
        {
            problems.Add("a plan must keep at least one layer");
        }

        var previous = -1;
        for (var i = 0; i < plan.Layers.Count; i++)
        {
            var layer = plan.Layers[i];
            if (layer.SourceLayer < 0 || layer.SourceLayer >= plan.SourceLayerCount)
            {
                problems.Add($"layers[{i}]: source layer {layer.SourceLayer} is outside [0, {plan.SourceLayerCount - 1}]");
            }
            else if (layer.SourceLayer <= previous)
            {
                problems.Add($"layers[{i}]: source layer {layer.SourceLayer} is not after {previous} (layers keep their order and appear once)");
            }

            previous = Math.Max(previous, layer.SourceLayer);
            if (layer.AnchorLayer is int a && (a < 0 || a >= plan.SourceLayerCount))
            {
                problems.Add($"layers[{i}]: anchor layer {a} is outside [0, {plan.SourceLayerCount - 1}]");
            }

            ValidateMerge(layer.Merge, plan.CandidateCount, $"layers[{i}]", problems);
            ValidateCollapse(plan, i, problems);
        }

        ValidateMerge(plan.Embeddings, plan.CandidateCount, "embeddings", problems);
        ValidateMerge(plan.Head, plan.CandidateCount, "head", problems);
        return problems;
    }

    /// <summary>Throws <see cref="PlanValidationException"/> listing every problem, if any.</summary>
    public static void ThrowIfInvalid(TailoringPlan plan)
    {
        var problems = Validate(plan);
        if (problems.Count > 0)
        {
            throw new PlanValidationException("Invalid plan:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }

    private static void ValidateCollapse(TailoringPlan plan, int index, List<string> problems)
    {
        var layer = plan.Layers[index];
        var where = $"layers[{index}]";
        if (!layer.IsCollapsed)
        {
            if (layer.CollapseCoefficients is not null)
            {
                problems.Add($"{where}: collapse coefficients given without collapsed layers");
            }

            return;
        }

        var collapsed = layer.CollapsedLayers!;
        if (layer.Merge.Method != MergeMethod.Passthrough || layer.Merge.Members is not [0])
        {
            problems.Add($"{where}: a collapsing layer (collapsed) must be a passthrough of the base (member 0)");
        }

        if (layer.AnchorLayer is int anchor && anchor != layer.SourceLayer)
        {
            problems.Add($"{where}: a collapsing layer takes no anchor");
        }

        var previous = layer.SourceLayer;
        foreach (var c in collapsed)
        {
            if (c <= previous || c >= plan.SourceLayerCount)
            {
                problems.Add($"{where}: collapsed layer {c} must be after {previous} and below {plan.SourceLayerCount} (ascending, after the source layer)");
            }

            previous = Math.Max(previous, c);
            if (plan.Layers.Any(l => l.SourceLayer == c))
            {
                problems.Add($"{where}: collapsed layer {c} is also kept as an output layer");
            }

            if (plan.Layers.Where((l, j) => j != index && l.IsCollapsed && l.CollapsedLayers!.Contains(c)).Any())
            {
                problems.Add($"{where}: collapsed layer {c} is absorbed by another layer too");
            }
        }

        if (layer.CollapseCoefficients is { } coefficients)
        {
            if (layer.CollapseMode != CollapseMode.Rdsc)
            {
                problems.Add($"{where}: collapse coefficients apply to the rdsc mode only");
            }
            else if (coefficients.Count != collapsed.Count + 1)
            {
                problems.Add($"{where}: collapse coefficients need one value per layer (source + {collapsed.Count} collapsed = {collapsed.Count + 1}); got {coefficients.Count}");
            }
            else if (coefficients.Any(c => !double.IsFinite(c)) || Math.Abs(coefficients.Sum() - 1.0) > 1e-6)
            {
                problems.Add($"{where}: collapse coefficients must be finite and sum to 1 (an affine combination of layers)");
            }
            else if (coefficients.Any(c => Math.Abs(c) > MaxAbsCollapseCoefficient(plan)))
            {
                var bound = MaxAbsCollapseCoefficient(plan);
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: collapse coefficients must lie in [-{bound}, {bound}] (the larger of 10 and the source layer count)"));
            }
        }
    }

    private static void ValidateMerge(MergeRecipe merge, int k, string where, List<string> problems)
    {
        if (merge.Members.Count == 0)
        {
            problems.Add($"{where}: no members");
            return;
        }

        foreach (var m in merge.Members)
        {
            if (m < 0 || m > k)
            {
                problems.Add($"{where}: member {m} is outside [0, {k}] (0 = base, 1..{k} = candidates)");
            }
        }

        if (merge.Members.Distinct().Count() != merge.Members.Count)
        {
            problems.Add($"{where}: a member appears twice");
        }

        switch (merge.Method)
        {
            case MergeMethod.Passthrough when merge.Members.Count != 1:
                problems.Add($"{where}: passthrough takes exactly one member");
                break;
            case MergeMethod.TaskArithmetic:
                if (merge.Lambda is not double lambda || !double.IsFinite(lambda))
                {
                    problems.Add($"{where}: task_arithmetic needs a finite lambda");
                }
                else if (Math.Abs(lambda) > MaxAbsLambda)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: task_arithmetic lambda {lambda:R} is outside [-{MaxAbsLambda}, {MaxAbsLambda}]"));
                }

                if (merge.Members.Contains(0))
                {
                    problems.Add($"{where}: task_arithmetic merges candidates against the base; the base (member 0) cannot be a source");
                }

                break;
            case MergeMethod.Linear:
                if (merge.Weights is null || merge.Weights.Count != merge.Members.Count)
                {
                    problems.Add($"{where}: linear needs one weight per member");
                }
                else if (merge.Weights.Any(w => !(w > 0 && w <= MaxLinearWeight)))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: linear weights must be finite and in (0, {MaxLinearWeight:F0}] (got {string.Join(", ", merge.Weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)))})"));
                }

                break;
            case MergeMethod.Slerp:
                if (merge.Members.Count != 2)
                {
                    problems.Add($"{where}: slerp takes exactly two members");
                }

                if (merge.T is not double t || !(t >= 0 && t <= 1))
                {
                    problems.Add($"{where}: slerp needs t in [0, 1] (got {merge.T?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
                }

                break;
        }
    }
}

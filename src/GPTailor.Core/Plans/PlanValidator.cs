using System.Globalization;

namespace GPTailor.Plans;

/// <summary>Checks a plan's internal consistency: layer order, member indices and merge parameters.</summary>
public static class PlanValidator
{
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
                else if (Math.Abs(merge.Weights.Sum()) < 1e-12)
                {
                    problems.Add($"{where}: linear weights sum to zero");
                }

                break;
            case MergeMethod.Slerp:
                if (merge.Members.Count != 2)
                {
                    problems.Add($"{where}: slerp takes exactly two members");
                }

                if (merge.T is not double t || t < 0 || t > 1)
                {
                    problems.Add($"{where}: slerp needs t in [0, 1] (got {merge.T?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
                }

                break;
        }
    }
}

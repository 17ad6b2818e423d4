using System.Globalization;
using System.Text;

namespace GPTailor.Models;

/// <summary>The README.md model card of an exported tailored model.</summary>
internal static class ModelCard
{
    public static string Write(TailoringPlan plan, IReadOnlyList<FamilyMember> members, string dtype)
    {
        var inv = CultureInfo.InvariantCulture;
        var card = new StringBuilder();
        card.AppendLine("---");
        card.AppendLine("tags: [gptailor, layer-pruning, model-merging]");
        card.AppendLine("---");
        card.AppendLine("# Tailored model (GPTailor for .NET)");
        card.AppendLine();
        card.AppendLine(inv, $"Made from a family of {members.Count} models by cutting and stitching layers (GPTailor, Su et al., arXiv 2506.20480). No post-training.");
        card.AppendLine(inv, $"It keeps {plan.Layers.Count} of {plan.SourceLayerCount} decoder layers; removed source layers: {string.Join(", ", plan.RemovedLayers)}. Stored dtype: {dtype}.");
        if (plan.Description is not null)
        {
            card.AppendLine(inv, $"Plan: {plan.Description}.");
        }

        card.AppendLine();
        card.AppendLine("| member | model |");
        card.AppendLine("|---|---|");
        foreach (var m in members)
        {
            card.AppendLine(inv, $"| {m.Index} | {(m.IsBase ? "base: " : "")}{m.Name} |");
        }

        card.AppendLine();
        card.AppendLine("| output layer | source layer | recipe |");
        card.AppendLine("|---|---|---|");
        for (var i = 0; i < plan.Layers.Count; i++)
        {
            var l = plan.Layers[i];
            card.AppendLine(inv, $"| {i} | {l.SourceLayer} | {Describe(l.Merge)}{(l.IsCollapsed ? $" absorbing layers {string.Join(", ", l.CollapsedLayers!)} ({(l.CollapseMode == CollapseMode.Notebook ? "LaCo notebook" : "LaCo RDSC")})" : "")}{(l.EffectiveAnchorLayer != l.SourceLayer ? $" (anchor: base layer {l.EffectiveAnchorLayer})" : "")} |");
        }

        card.AppendLine();
        card.AppendLine(inv, $"Embeddings: {Describe(plan.Embeddings)}. Final norm and lm_head: {Describe(plan.Head)}.");
        card.AppendLine();
        card.AppendLine("`gptailor-plan.json` reproduces this model with `gptailor apply`.");
        return card.ToString();
    }

    public static string Describe(MergeRecipe m) => m.Method switch
    {
        MergeMethod.Passthrough => m.Members[0] == 0 ? "base" : $"candidate {m.Members[0] - 1}",
        MergeMethod.TaskArithmetic => $"task arithmetic of candidates {string.Join("+", m.Members.Select(x => x - 1))} (λ={m.Lambda!.Value.ToString("0.###", CultureInfo.InvariantCulture)})",
        MergeMethod.Linear => $"linear of members {string.Join("+", m.Members)}",
        MergeMethod.Slerp => $"slerp of members {string.Join(",", m.Members)} (t={m.T!.Value.ToString("0.###", CultureInfo.InvariantCulture)})",
        _ => m.Method.ToString(),
    };
}

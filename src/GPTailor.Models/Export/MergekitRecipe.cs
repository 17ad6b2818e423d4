using System.Globalization;
using System.Text;

namespace GPTailor.Models;

/// <summary>
/// Writes a plan as a mergekit YAML recipe where it is expressible: one single-layer slice per output layer under
/// <c>merge_method: task_arithmetic</c> (a passthrough of candidate C is task arithmetic with weight 1; of the base, the
/// base alone), <c>normalize: false</c>. Linear/slerp layers, collapsed (LaCo) layers, the output-index anchor quirk, or embeddings/head not
/// taken from the base have no exact mergekit equivalent: then <see cref="TryWrite"/> returns null.
/// </summary>
public static class MergekitRecipe
{
    /// <summary>The YAML text, or null when the plan is not expressible.</summary>
    public static string? TryWrite(TailoringPlan plan, IReadOnlyList<FamilyMember> members)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(members);
        var expressible = plan.Layers.All(l => !l.IsCollapsed && l.Merge.Method is MergeMethod.Passthrough or MergeMethod.TaskArithmetic && l.EffectiveAnchorLayer == l.SourceLayer)
            && plan.Embeddings.Method == MergeMethod.Passthrough && plan.Embeddings.Members[0] == 0
            && plan.Head.Method == MergeMethod.Passthrough && plan.Head.Members[0] == 0;
        if (!expressible)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var yaml = new StringBuilder();
        yaml.AppendLine("# mergekit recipe equivalent to gptailor-plan.json (embeddings and head from the base model)");
        yaml.AppendLine("merge_method: task_arithmetic");
        yaml.AppendLine(inv, $"base_model: {Quote(members[0].Directory)}");
        yaml.AppendLine("parameters:");
        yaml.AppendLine("  normalize: false");
        yaml.AppendLine("dtype: float32");
        yaml.AppendLine("slices:");
        foreach (var layer in plan.Layers)
        {
            var l = layer.SourceLayer;
            yaml.AppendLine("  - sources:");
            if (layer.Merge.Members is [0])
            {
                yaml.AppendLine(inv, $"      - model: {Quote(members[0].Directory)}");
                yaml.AppendLine(inv, $"        layer_range: [{l}, {l + 1}]");
                continue;
            }

            var weight = layer.Merge.Method == MergeMethod.TaskArithmetic ? layer.Merge.Lambda!.Value : 1.0;
            foreach (var m in layer.Merge.Members)
            {
                yaml.AppendLine(inv, $"      - model: {Quote(members[m].Directory)}");
                yaml.AppendLine(inv, $"        layer_range: [{l}, {l + 1}]");
                yaml.AppendLine(inv, $"        parameters: {{ weight: {weight.ToString("R", inv)} }}");
            }

            yaml.AppendLine(inv, $"      - model: {Quote(members[0].Directory)}");
            yaml.AppendLine(inv, $"        layer_range: [{l}, {l + 1}]");
        }

        return yaml.ToString();
    }

    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

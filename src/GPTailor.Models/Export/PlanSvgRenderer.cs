using System.Globalization;
using System.Security;
using System.Text;

namespace GPTailor.Models;

/// <summary>
/// Draws a plan as an SVG picture: one column per source layer; removed layers are crossed out; a kept layer shows a
/// coloured block per member it takes (base grey, one colour per candidate) and λ when merged.
/// </summary>
public static class PlanSvgRenderer
{
    private static readonly string[] Palette = ["#9e9e9e", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

    /// <summary>The SVG document.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="memberNames">Display names of the members (0 = base).</param>
    /// <param name="title">A title line.</param>
    public static string Render(TailoringPlan plan, IReadOnlyList<string> memberNames, string title)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(memberNames);
        const int cell = 44, top = 56, rowHeight = 18;
        var members = Math.Max(memberNames.Count, plan.CandidateCount + 1);
        var width = Math.Max(Math.Max(40 + (plan.SourceLayerCount * cell), 40 + (members * 130)), 640);
        var height = top + (members * rowHeight) + 90;
        var inv = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.AppendLine(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.AppendLine(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine(inv, $"<text x=\"20\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        svg.AppendLine(inv, $"<text x=\"20\" y=\"38\">{plan.Layers.Count} of {plan.SourceLayerCount} layers kept; removed: {string.Join(", ", plan.RemovedLayers)}</text>");
        var byLayer = plan.Layers.ToDictionary(l => l.SourceLayer);
        for (var l = 0; l < plan.SourceLayerCount; l++)
        {
            var x = 20 + (l * cell);
            svg.AppendLine(inv, $"<text x=\"{x + (cell / 2) - 4}\" y=\"{top - 4}\">{l}</text>");
            var boxTop = top;
            var boxHeight = members * rowHeight;
            if (!byLayer.TryGetValue(l, out var layer))
            {
                svg.AppendLine(inv, $"<rect x=\"{x + 2}\" y=\"{boxTop}\" width=\"{cell - 4}\" height=\"{boxHeight}\" fill=\"#f4f4f4\" stroke=\"#bbb\"/>");
                svg.AppendLine(inv, $"<line x1=\"{x + 4}\" y1=\"{boxTop + 2}\" x2=\"{x + cell - 4}\" y2=\"{boxTop + boxHeight - 2}\" stroke=\"#c00\" stroke-width=\"2\"/>");
                svg.AppendLine(inv, $"<line x1=\"{x + cell - 4}\" y1=\"{boxTop + 2}\" x2=\"{x + 4}\" y2=\"{boxTop + boxHeight - 2}\" stroke=\"#c00\" stroke-width=\"2\"/>");
                continue;
            }

            svg.AppendLine(inv, $"<rect x=\"{x + 2}\" y=\"{boxTop}\" width=\"{cell - 4}\" height=\"{boxHeight}\" fill=\"none\" stroke=\"#666\"/>");
            foreach (var m in layer.Merge.Members)
            {
                svg.AppendLine(inv, $"<rect x=\"{x + 4}\" y=\"{boxTop + (m * rowHeight) + 2}\" width=\"{cell - 8}\" height=\"{rowHeight - 4}\" fill=\"{Palette[m % Palette.Length]}\"/>");
            }

            var label = layer.Merge.Method switch
            {
                MergeMethod.TaskArithmetic => "λ=" + layer.Merge.Lambda!.Value.ToString("0.00", inv),
                MergeMethod.Slerp => "t=" + layer.Merge.T!.Value.ToString("0.00", inv),
                MergeMethod.Linear => "lin",
                _ => layer.CollapsedLayers is { Count: > 0 } c ? "+" + string.Join(",", c) : "",
            };
            svg.AppendLine(inv, $"<text x=\"{x + 4}\" y=\"{boxTop + boxHeight + 14}\" font-size=\"10\">{Escape(label)}</text>");
        }

        var legendY = top + (members * rowHeight) + 36;
        for (var m = 0; m < members; m++)
        {
            var name = m < memberNames.Count ? memberNames[m] : $"member {m}";
            var lx = 20 + (m * 130);
            svg.AppendLine(inv, $"<rect x=\"{lx}\" y=\"{legendY}\" width=\"12\" height=\"12\" fill=\"{Palette[m % Palette.Length]}\"/>");
            svg.AppendLine(inv, $"<text x=\"{lx + 16}\" y=\"{legendY + 10}\">{Escape(name)}</text>");
        }

        svg.AppendLine(inv, $"<text x=\"20\" y=\"{legendY + 34}\" fill=\"#555\">Rows: family members (top: base). Several coloured blocks: task arithmetic B + λ·Σ(C_j − B). Crossed: removed.</text>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}

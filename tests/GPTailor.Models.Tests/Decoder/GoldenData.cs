using System.Text.Json.Nodes;

namespace GPTailor.Models.Tests;

/// <summary>The float64 reference written by tools/reference/make_golden.py (independent PyTorch implementation).</summary>
internal static class GoldenData
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "golden");

    private static readonly Lazy<JsonObject> Document = new(() => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "golden.json")))!.AsObject());

    public static IReadOnlyList<string> ModelNames => Document.Value["models"]!.AsObject().Select(p => p.Key).ToArray();

    public static IReadOnlyList<int[]> Sequences =>
        Document.Value["sequences"]!.AsArray().Select(s => s!.AsArray().Select(t => t!.GetValue<int>()).ToArray()).ToArray();

    public static string Directory(string model, string variant) => Path.Combine(Root, model, variant);

    /// <summary>Reference ln p(t_i | t_&lt;i), i ≥ 1, per sequence, for the "f32" or "bf16" weights.</summary>
    public static double[][] LogProbs(string model, string variant) =>
        Document.Value["models"]![model]![variant]!["logprobs"]!.AsArray()
            .Select(s => s!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();

    public static double TotalNll(string model, string variant) => Document.Value["models"]![model]![variant]!["total_nll"]!.GetValue<double>();
}

using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class CollapsePlanTests : IDisposable
{
    private static readonly string[] Merged = ["self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"];
    private static readonly string[] Norms = ["input_layernorm.weight", "post_attention_layernorm.weight"];
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;

    public CollapsePlanTests() => _family = BaselineModels.OpenFamily(BaselineModels.Write(_dir.File("m"), layers: 4));

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    internal static TailoringPlan Collapse(int source, int[] collapsed, CollapseMode mode = CollapseMode.Rdsc, double[]? coefficients = null, int layers = 4)
    {
        var kept = Enumerable.Range(0, layers).Where(l => !collapsed.Contains(l));
        return TailoringPlan.BaseWithout(layers, 0, collapsed) with
        {
            Layers = kept.Select(l => l == source
                ? new LayerRecipe { SourceLayer = l, Merge = MergeRecipe.From(0), CollapsedLayers = collapsed, CollapseMode = mode, CollapseCoefficients = coefficients }
                : new LayerRecipe { SourceLayer = l, Merge = MergeRecipe.From(0) }).ToArray(),
        };
    }

    /// <summary>Checks output layer <paramref name="output"/> against Σ c_v θ_v (float64 from the file) and the norms of <paramref name="normsFrom"/>.</summary>
    internal static void AssertCollapsed(ModelFamily family, StitchedModel stitched, int output, int normsFrom, IReadOnlyList<(int Layer, double Coefficient)> combination)
    {
        using var scope = torch.NewDisposeScope();
        var actual = StitchedTensors.Of(stitched).ToDictionary(kv => kv.Key, kv => kv.Value);
        var checkpoint = family.CheckpointOf(0);
        foreach (var name in Merged)
        {
            var expected = torch.zeros_like(checkpoint.ReadTensor($"model.layers.0.{name}", torch.ScalarType.Float64));
            foreach (var (layer, c) in combination)
            {
                expected += c * checkpoint.ReadTensor($"model.layers.{layer}.{name}", torch.ScalarType.Float64);
            }

            var got = actual[$"model.layers.{output}.{name}"].to(torch.ScalarType.Float64);
            Assert.True(got.allclose(expected, rtol: 1e-6, atol: 1e-6), name);
        }

        foreach (var name in Norms)
        {
            var expected = checkpoint.ReadTensor($"model.layers.{normsFrom}.{name}", torch.ScalarType.Float64);
            Assert.True(actual[$"model.layers.{output}.{name}"].to(torch.ScalarType.Float64).equal(expected).all().item<bool>(), name);
        }
    }

    [Fact]
    public void RdscEqualsThePaperFormulaComputedInFloat64FromTheFile()
    {
        using var stitcher = new PlanStitcher(_family);
        using var stitched = stitcher.Build(Collapse(1, [2, 3]));
        Assert.Equal(2, stitched.Model.Layers.Count);

        // θ* = θ1 + (θ2 − θ1) + (θ3 − θ1) = −θ1 + θ2 + θ3; norms of layer 1.
        AssertCollapsed(_family, stitched, 1, 1, [(1, -1.0), (2, 1.0), (3, 1.0)]);
        AssertCollapsed(_family, stitched, 0, 0, [(0, 1.0)]);
    }

    [Fact]
    public void ExplicitCoefficientsAreUsed()
    {
        using var stitcher = new PlanStitcher(_family);
        using var stitched = stitcher.Build(Collapse(0, [1, 3], coefficients: [0.5, 1.5, -1.0]));
        AssertCollapsed(_family, stitched, 0, 0, [(0, 0.5), (1, 1.5), (3, -1.0)]);
    }

    [Fact]
    public void NotebookModeTakesTheLastAbsorbedLayerAndKeepsTheNorms()
    {
        using var stitcher = new PlanStitcher(_family);
        using var stitched = stitcher.Build(Collapse(1, [2, 3], CollapseMode.Notebook));
        AssertCollapsed(_family, stitched, 1, 1, [(3, 1.0)]);
    }

    [Fact]
    public void CollapsedLayersAreComputedOnceAndShared()
    {
        using var stitcher = new PlanStitcher(_family);
        var plan = Collapse(1, [2, 3]);
        using var first = stitcher.Build(plan);
        var misses = stitcher.Statistics.Misses;
        using var second = stitcher.Build(plan);
        Assert.Equal(misses, stitcher.Statistics.Misses);
        Assert.Same(first.Model.Layers[1].Weights.QueryWeight, second.Model.Layers[1].Weights.QueryWeight);
        using var notebook = stitcher.Build(Collapse(1, [2, 3], CollapseMode.Notebook));
        Assert.NotSame(first.Model.Layers[1].Weights.QueryWeight, notebook.Model.Layers[1].Weights.QueryWeight);
    }

    [Fact]
    public void JsonRoundTripKeepsTheCollapse()
    {
        var plan = Collapse(0, [1, 3], CollapseMode.Rdsc, [0.5, 1.5, -1.0]);
        var json = PlanJson.Serialize(plan);
        Assert.Contains("\"collapsed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"collapse_mode\": \"rdsc\"", json, StringComparison.Ordinal);
        var back = PlanJson.Parse(json);
        Assert.Equal(plan.ComputeHash(), back.ComputeHash());
        Assert.Equal([1, 3], back.Layers[0].CollapsedLayers!);
        Assert.Equal([0.5, 1.5, -1.0], back.Layers[0].CollapseCoefficients!);
        Assert.Equal([1, 3], back.RemovedLayers);
        var notebook = PlanJson.Parse(PlanJson.Serialize(Collapse(1, [2, 3], CollapseMode.Notebook)));
        Assert.Equal(CollapseMode.Notebook, notebook.Layers[1].CollapseMode);
        Assert.NotEqual(Collapse(1, [2, 3]).ComputeHash(), notebook.ComputeHash());
        Assert.Equal(TailoringPlan.BaseWithout(4, 0, [2, 3]).ComputeHash(), PlanJson.Parse(PlanJson.Serialize(TailoringPlan.BaseWithout(4, 0, [2, 3]))).ComputeHash());
        Assert.DoesNotContain("collapse", PlanJson.Serialize(TailoringPlan.BaseWithout(4, 0, [2, 3])), StringComparison.Ordinal);
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse(json.Replace("\"rdsc\"", "\"sum\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void ValidatorRejectsInconsistentCollapses()
    {
        static string Problems(TailoringPlan p) => string.Join(" | ", PlanValidator.Validate(p));
        Assert.Empty(PlanValidator.Validate(Collapse(1, [2, 3])));
        Assert.Contains("must be after", Problems(Collapse(2, [1, 3]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 2, Merge = MergeRecipe.From(0), CollapsedLayers = [1, 3] }] }), StringComparison.Ordinal);
        Assert.Contains("also kept", Problems(Collapse(1, [2]) with { Layers = [new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(0), CollapsedLayers = [2] }, new LayerRecipe { SourceLayer = 2, Merge = MergeRecipe.From(0) }] }), StringComparison.Ordinal);
        Assert.Contains("another layer", Problems(TailoringPlan.BaseWithout(4, 0, [2, 3]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0), CollapsedLayers = [3] }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(0), CollapsedLayers = [3] }] }), StringComparison.Ordinal);
        var fromCandidate = TailoringPlan.BaseWithout(4, 1, [3]) with { Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 2, Merge = MergeRecipe.From(1), CollapsedLayers = [3] }] };
        Assert.Contains("passthrough of the base", Problems(fromCandidate), StringComparison.Ordinal);
        Assert.Contains("one value per layer", Problems(Collapse(1, [2, 3], coefficients: [1.0, 0.0])), StringComparison.Ordinal);
        Assert.Contains("sum to 1", Problems(Collapse(1, [2, 3], coefficients: [1.0, 1.0, 1.0])), StringComparison.Ordinal);
        Assert.Contains("rdsc mode only", Problems(Collapse(1, [2, 3], CollapseMode.Notebook, [-1.0, 1.0, 1.0])), StringComparison.Ordinal);
    }

    [Fact]
    public void ACollapsedPlanHasNoMergekitRecipe()
    {
        Assert.Null(MergekitRecipe.TryWrite(Collapse(1, [2, 3]), _family.Members));
        Assert.NotNull(MergekitRecipe.TryWrite(TailoringPlan.BaseWithout(4, 0, [2, 3]), _family.Members));
    }
}

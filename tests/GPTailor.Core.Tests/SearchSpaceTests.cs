
namespace GPTailor.Core.Tests;

public class SearchSpaceTests
{
    private static GPTailorSearchSpace Space(int n = 8, int k = 3, int remove = 2, AnchorMode anchor = AnchorMode.SourceLayer) =>
        new(new GPTailorSearchSpaceOptions { LayerCount = n, CandidateCount = k, RemoveCount = remove, AnchorMode = anchor });

    [Fact]
    public void DimensionMatchesThePaperSizeFor13B()
    {
        // 40 layers, 3 candidates: 40 keep scores + 120 flags + 40 λ = 200 (issue text: "d = 200, the 13B search space").
        Assert.Equal(200, Space(40, 3, 10).Box.Dimension);
        Assert.Equal(8 + 8, Space(8, 1, 2).Box.Dimension); // K = 1: no λ (never ≥ 2 flags)
    }

    [Fact]
    public void EveryRandomPointDecodesToAPlanRemovingExactlyK()
    {
        var space = Space(10, 3, 3);
        var random = new Random(1);
        for (var trial = 0; trial < 500; trial++)
        {
            var x = Enumerable.Range(0, space.Box.Dimension).Select(_ => (random.NextDouble() * 3) - 1).ToArray();
            var plan = space.Decode(x);
            Assert.Equal(3, plan.RemovedLayers.Count);
            Assert.Empty(PlanValidator.Validate(plan));
            Assert.Empty(space.Validate(plan));
        }
    }

    [Fact]
    public void DecodeRulesFollowThePaper()
    {
        var space = Space(4, 3, 1);
        var genotype = new GPTailorGenotype
        {
            LayerCount = 4,
            CandidateCount = 3,
            Removed = [2],
            Selected = [[false, false, false], [true, false, false], [true, true, true], [false, true, true]],
            Lambda = [0.1, 0.2, 0.3, 0.6],
        };
        var plan = space.Decode(space.Encode(genotype));
        Assert.Equal([0, 1, 3], plan.Layers.Select(l => l.SourceLayer));
        Assert.Equal(MergeMethod.Passthrough, plan.Layers[0].Merge.Method);
        Assert.Equal([0], plan.Layers[0].Merge.Members);
        Assert.Equal([1], plan.Layers[1].Merge.Members);
        Assert.Equal(MergeMethod.TaskArithmetic, plan.Layers[2].Merge.Method);
        Assert.Equal([2, 3], plan.Layers[2].Merge.Members);
        Assert.Equal(0.6, plan.Layers[2].Merge.Lambda!.Value, 12);
        Assert.Equal(3, plan.Layers[2].EffectiveAnchorLayer);
        Assert.Equal([0], plan.Embeddings.Members);
        Assert.Equal(plan.Layers[^1].Merge, plan.Head);
    }

    [Fact]
    public void OutputIndexAnchorQuirkUsesTheOutputIndexAfterTheFirstRemovedLayer()
    {
        var genotype = new GPTailorGenotype
        {
            LayerCount = 4,
            CandidateCount = 2,
            Removed = [1],
            Selected = [[true, true], [false, false], [true, true], [false, false]],
            Lambda = [0.5, 0.5, 0.7, 0.5],
        };
        var quirk = genotype.ToPlan(AnchorMode.OutputIndex);
        Assert.Equal(0, quirk.Layers[0].EffectiveAnchorLayer); // before the removed layer: output index == source index
        Assert.Equal(1, quirk.Layers[1].EffectiveAnchorLayer); // source 2 at output 1 → anchored on base layer 1
        Assert.Equal(2, genotype.ToPlan().Layers[1].EffectiveAnchorLayer);
    }

    [Fact]
    public void LambdaIsActiveOnlyWithTwoOrMoreFlagsOnKeptLayers()
    {
        var space = Space(3, 2, 1);
        var x = space.Encode(new GPTailorGenotype
        {
            LayerCount = 3,
            CandidateCount = 2,
            Removed = [0],
            Selected = [[true, true], [true, false], [true, true]],
            Lambda = [0.5, 0.5, 0.5],
        });
        var active = space.ActiveDimensions(x);
        var names = space.DimensionNames;
        Assert.False(active[names.ToList().IndexOf("layer_0_candidate_0")]);
        Assert.False(active[names.ToList().IndexOf("layer_0_merge_scale_factor")]);
        Assert.False(active[names.ToList().IndexOf("layer_1_merge_scale_factor")]);
        Assert.True(active[names.ToList().IndexOf("layer_2_merge_scale_factor")]);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(4, 2)]
    [InlineData(6, 1)]
    [InlineData(3, 0)]
    public void EveryCoordinateBelongsToTheLayerItsNameGives(int n, int k)
    {
        var space = Space(n, k, 1);
        var layers = space.DimensionLayers;
        Assert.Equal(space.Box.Dimension, layers.Count);
        for (var d = 0; d < layers.Count; d++)
        {
            var name = space.DimensionNames[d]; // "layer_{L}_…"
            Assert.Equal(int.Parse(name.Split('_')[1], System.Globalization.CultureInfo.InvariantCulture), layers[d]);
        }

        // Written out for N = 2, K = 2: keep-scores, flags (K per layer), λ.
        Assert.Equal([0, 1, 0, 0, 1, 1, 0, 1], Space(2, 2, 1).DimensionLayers);
        Assert.Null(new ISearchSpace[] { new FlatSpace() }[0].DimensionLayers);
    }

    /// <summary>A space that says nothing about layers (the interface's default).</summary>
    private sealed class FlatSpace : ISearchSpace
    {
        public SearchBox Box { get; } = new([0.0], [1.0], [DimensionKind.Continuous]);

        public IReadOnlyList<string> DimensionNames => ["x"];

        public IReadOnlyList<double> DefaultPoint => [0.5];

        public TailoringPlan Decode(IReadOnlyList<double> point) => throw new NotSupportedException();

        public double[] Encode(TailoringPlan plan) => throw new NotSupportedException();

        public IReadOnlyList<bool> ActiveDimensions(IReadOnlyList<double> point) => [true];

        public IReadOnlyList<string> Validate(TailoringPlan plan) => [];
    }

    [Fact]
    public void EncodeRejectsPlansOutsideTheSpace()
    {
        var space = Space(6, 2, 2);
        var dense = TailoringPlan.Dense(6, 2);
        Assert.Throws<PlanValidationException>(() => space.Encode(dense));
        var wrongHead = TailoringPlan.BaseWithout(6, 2, [1, 2]) with { Head = MergeRecipe.From(2) };
        Assert.Throws<PlanValidationException>(() => space.Encode(wrongHead));
        Assert.Empty(space.Validate(TailoringPlan.BaseWithout(6, 2, [1, 2])));
    }

    [Fact]
    public void DefaultPointIsInsideTheBoxAndValid()
    {
        var space = Space(12, 3, 3);
        Assert.True(space.Box.Contains(space.DefaultPoint));
        Assert.Equal(3, space.Decode(space.DefaultPoint).RemovedLayers.Count);
    }

    [Fact]
    public void RemovalOnlySpaceHasNoLambda()
    {
        var space = Space(8, 0, 2);
        Assert.Equal(8, space.Box.Dimension);
        Assert.All(space.Box.Kinds, k => Assert.Equal(DimensionKind.Continuous, k));
    }

    [Theory]
    [InlineData(32, 0.25, 8)]
    [InlineData(40, 0.25, 10)]
    [InlineData(12, 0.25, 3)]
    public void LayerSparsityRoundsUp(int n, double s, int expected) =>
        Assert.Equal(expected, RemovalCount.FromLayerSparsity(n, s));

    [Fact]
    public void ParameterFractionReproducesLlama2Figures()
    {
        // Llama-2-13B: 40 layers of 317,194,240 parameters, 13,015,864,320 in total (public figures):
        // removing 10 layers is 24.4% of parameters (the paper reports 24.6%).
        Assert.Equal(10, RemovalCount.FromParameterFraction(40, 317_194_240, 13_015_864_320, 0.24));
        Assert.Throws<ArgumentOutOfRangeException>(() => RemovalCount.FromKeep(12, 0));
    }
}

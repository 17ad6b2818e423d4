using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class StitchingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;

    public StitchingTests() => _family = ModelFamily.Open(RandomFamily.Write(_dir.Path, candidates: 2, layers: 4));

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    private static readonly long[][] Tokens = [[1, 5, 9, 13, 40, 7, 3, 60], [1, 8, 2, 77, 31, 4, 4, 90]];

    private static torch.Tensor Logits(CausalLanguageModel model) => model.Forward(torch.tensor(Tokens.SelectMany(t => t).ToArray()).view(2, 8));

    [Fact]
    public void DensePlanEqualsTheBaseLoadedDirectly()
    {
        using var scope = torch.NewDisposeScope();
        using var stitcher = new PlanStitcher(_family);
        using var stitched = stitcher.Build(TailoringPlan.Dense(4, 2));
        using var direct = CausalLanguageModelLoader.Load(_family.CheckpointOf(0), _family.ConfigOf(0));
        Assert.True(Logits(stitched.Model).equal(Logits(direct)).all().item<bool>());
    }

    [Fact]
    public void PassthroughLayersEqualAManualAssemblyOfTheMembersLayers()
    {
        using var scope = torch.NewDisposeScope();
        var plan = new TailoringPlan
        {
            SourceLayerCount = 4,
            CandidateCount = 2,
            Layers = [Layer(0, 2), Layer(1, 0), Layer(3, 1)],
            Embeddings = MergeRecipe.From(2),
            Head = MergeRecipe.From(1),
        };
        using var stitcher = new PlanStitcher(_family);
        using var stitched = stitcher.Build(plan);
        var weights = Enumerable.Range(0, 3).Select(m => CausalLanguageModelLoader.LoadWeights(_family.CheckpointOf(m), _family.ConfigOf(m))).ToArray();
        var config = _family.BaseConfig.WithNumHiddenLayers(3);
        using var manual = new CausalLanguageModel(
            config,
            weights[2].Embeddings,
            [new DecoderLayer(config, weights[2].Layers[0]), new DecoderLayer(config, weights[0].Layers[1]), new DecoderLayer(config, weights[1].Layers[3])],
            weights[1].FinalNorm,
            weights[1].LanguageModelHead);
        Assert.True(Logits(stitched.Model).equal(Logits(manual)).all().item<bool>());
        foreach (var w in weights)
        {
            w.Dispose();
        }
    }

    [Theory]
    [InlineData(AnchorMode.SourceLayer)]
    [InlineData(AnchorMode.OutputIndex)]
    public void TaskArithmeticMatchesAFloat64ComputationFromTheFiles(AnchorMode mode)
    {
        using var scope = torch.NewDisposeScope();
        var genotype = new GPTailorGenotype
        {
            LayerCount = 4,
            CandidateCount = 2,
            Removed = [1],
            Selected = [[false, false], [false, false], [true, true], [true, false]],
            Lambda = [0.5, 0.5, 0.7, 0.5],
        };
        var plan = genotype.ToPlan(mode);
        using var stitcher = new PlanStitcher(_family);
        using var stitched = stitcher.Build(plan);
        var anchor = mode == AnchorMode.SourceLayer ? 2 : 1;
        foreach (var tensor in new[] { "self_attn.q_proj.weight", "mlp.down_proj.weight", "input_layernorm.weight" })
        {
            var b = _family.CheckpointOf(0).ReadTensor($"model.layers.{anchor}.{tensor}", torch.ScalarType.Float64);
            var c1 = _family.CheckpointOf(1).ReadTensor($"model.layers.2.{tensor}", torch.ScalarType.Float64);
            var c2 = _family.CheckpointOf(2).ReadTensor($"model.layers.2.{tensor}", torch.ScalarType.Float64);
            var expected = b + (0.7 * ((c1 - b) + (c2 - b)));
            var actual = StitchedTensors.Of(stitched).Single(kv => kv.Key == $"model.layers.1.{tensor}").Value.to(torch.ScalarType.Float64);
            Assert.True(actual.allclose(expected, rtol: 1e-6, atol: 1e-6), tensor);
        }
    }

    [Fact]
    public void LayersAreSharedBetweenPlansAndMergedLayersAreComputedOnce()
    {
        using var stitcher = new PlanStitcher(_family);
        var merged = TailoringPlan.BaseWithout(4, 2, [3]) with { Layers = [Layer(0, 1), new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.4) }, Layer(2, 0)] };
        using (var first = stitcher.Build(merged))
        {
            var misses = stitcher.Statistics.Misses;
            using var second = stitcher.Build(merged with { Layers = [merged.Layers[0], merged.Layers[1], Layer(3, 2)] });
            Assert.Same(first.Model.Layers[0].Weights.QueryWeight, second.Model.Layers[0].Weights.QueryWeight);
            Assert.Same(first.Model.Layers[1].Weights.DownWeight, second.Model.Layers[1].Weights.DownWeight);
            Assert.Equal(misses + 1, stitcher.Statistics.Misses); // only the new layer (3 of member 2) was loaded
        }

        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 3; i++)
        {
            using var again = stitcher.Build(merged);
            using var scope = torch.NewDisposeScope();
            Logits(again.Model);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void CacheBudgetEvictsUnusedEntries()
    {
        using var stitcher = new PlanStitcher(_family, new StitcherOptions { CacheBytes = 0 });
        using (stitcher.Build(TailoringPlan.Dense(4, 2, member: 1)))
        {
            Assert.True(stitcher.Statistics.Bytes > 0); // leased: kept while the model lives
        }

        Assert.Equal(0, stitcher.Statistics.Bytes);
    }

    [Fact]
    public void RejectsPlansThatDoNotFitTheFamily()
    {
        using var stitcher = new PlanStitcher(_family);
        Assert.Throws<PlanValidationException>(() => stitcher.Build(TailoringPlan.Dense(5, 2)));
        Assert.Throws<PlanValidationException>(() => stitcher.Build(TailoringPlan.Dense(4, 3, member: 3)));
    }

    private static LayerRecipe Layer(int source, int member) => new() { SourceLayer = source, Merge = MergeRecipe.From(member) };
}

using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// Merges computed on the compute device from members' tensors held there (<see cref="StitcherOptions.SourceCacheBytes"/>):
/// run here on the CPU device, they must give exactly the tensors of the default streamed merges.
/// </summary>
[Collection("torch")]
public sealed class DeviceMergeTests : IDisposable
{
    private const int Layers = 4;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ModelFamily Family(torch.ScalarType stored) =>
        ModelFamily.Open(RandomFamily.Write(Path.Combine(_dir.Path, stored.ToString()), candidates: 2, layers: Layers, extraCandidateVocab: 8, stored: stored));

    /// <summary>A plan with every method: task arithmetic (both anchors), linear, slerp, passthrough, and merged embeddings and head.</summary>
    private static TailoringPlan EveryMethod() => TailoringPlan.Dense(Layers, 2) with
    {
        Embeddings = MergeRecipe.TaskArithmeticOf([1, 2], 0.6),
        Head = new MergeRecipe { Members = [0, 1, 2], Method = MergeMethod.Linear, Weights = [0.5, 0.3, 0.2] },
        Layers =
        [
            new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.7) },
            new LayerRecipe { SourceLayer = 1, Merge = new MergeRecipe { Members = [1, 2], Method = MergeMethod.Slerp, T = 0.35 } },
            new LayerRecipe { SourceLayer = 2, Merge = MergeRecipe.From(2) },
            new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.TaskArithmeticOf([2], 0.5), AnchorLayer = 2 },
        ],
    };

    [Theory]
    [InlineData(torch.ScalarType.Float32, ComputeDTypeName.Float32)]
    [InlineData(torch.ScalarType.BFloat16, ComputeDTypeName.Float32)]
    [InlineData(torch.ScalarType.BFloat16, ComputeDTypeName.BFloat16)]
    public void MergesOnTheDeviceGiveExactlyTheStreamedTensors(torch.ScalarType stored, ComputeDTypeName compute)
    {
        var dtype = compute == ComputeDTypeName.Float32 ? ComputeDType.Float32 : ComputeDType.BFloat16;
        using var family = Family(stored);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var streamed = new PlanStitcher(family, new StitcherOptions { ComputeDType = dtype }))
        using (var onDevice = new PlanStitcher(family, new StitcherOptions { ComputeDType = dtype, SourceCacheBytes = 1L << 30 }))
        using (var expected = streamed.Build(EveryMethod()))
        using (var actual = onDevice.Build(EveryMethod()))
        {
            using var scope = torch.NewDisposeScope();
            var want = StitchedTensors.Of(expected).ToDictionary(kv => kv.Key, kv => kv.Value);
            var got = StitchedTensors.Of(actual).ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal(want.Keys.Order(), got.Keys.Order());
            foreach (var (name, tensor) in want)
            {
                Assert.Equal(tensor.dtype, got[name].dtype);
                Assert.Equal(tensor.shape, got[name].shape);
                Assert.True(tensor.eq(got[name]).all().item<bool>(), name); // every value exactly
            }

            Assert.Equal(0, streamed.Statistics.SourceMisses);
            Assert.True(onDevice.Statistics.SourceMisses > 0);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void MembersTensorsAreCopiedOnceAndKeptWithinTheBudget()
    {
        using var family = Family(torch.ScalarType.BFloat16);
        var plan = TailoringPlan.BaseWithout(Layers, 2, [3]);
        TailoringPlan WithLambda(double lambda) => plan with { Layers = [.. plan.Layers.Select((l, i) => i == 1 ? l with { Merge = MergeRecipe.TaskArithmeticOf([1, 2], lambda) } : l)] };
        int roles = TensorRoles.PresentLayerRoles(family.BaseConfig).Count();
        using (var stitcher = new PlanStitcher(family, new StitcherOptions { SourceCacheBytes = 1L << 30 }))
        {
            stitcher.Build(TailoringPlan.Dense(Layers, 2)).Dispose();
            Assert.Equal((Layers * roles) + 3, stitcher.Statistics.SourceMisses); // the base's layers, embeddings, final norm and head
            stitcher.Build(WithLambda(0.4)).Dispose(); // the other groups are merged-layer cache hits
            Assert.Equal((Layers * roles) + 3 + (2 * roles), stitcher.Statistics.SourceMisses); // members 1 and 2 of layer 1
            Assert.Equal(roles, stitcher.Statistics.SourceHits); // the base's layer 1, held since the first plan
            stitcher.Build(WithLambda(0.9)).Dispose(); // a new merged layer from the same members: no copy
            Assert.Equal((Layers * roles) + 3 + (2 * roles), stitcher.Statistics.SourceMisses);
            Assert.Equal(4 * roles, stitcher.Statistics.SourceHits);
            Assert.True(stitcher.Statistics.SourceBytes > 0);
        }

        // A budget that holds nothing: every tensor is copied again when next needed, and none is kept once released,
        // though a merge holds its sources while it runs.
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var tight = new PlanStitcher(family, new StitcherOptions { SourceCacheBytes = 1 }))
        {
            using var first = tight.Build(WithLambda(0.4));
            Assert.Equal(0, tight.Statistics.SourceBytes);
            using var second = tight.Build(WithLambda(0.9));
            var stats = tight.Statistics;
            Assert.Equal(0, stats.SourceBytes);
            Assert.True(stats.SourcePeakBytes > 0);
            Assert.Equal(0, stats.SourceHits);
            Assert.Equal((2 * roles) + 3 + (3 * roles) + (3 * roles), stats.SourceMisses); // layers 0 and 2, the singles, then two merges
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ANegativeBudgetIsRejected()
    {
        using var family = Family(torch.ScalarType.Float32);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlanStitcher(family, new StitcherOptions { SourceCacheBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlanStitcher(family, new StitcherOptions { CacheBytes = -1 }));
    }

    /// <summary>Compute dtypes as test data (xUnit cannot take <see cref="ComputeDType"/> instances inline).</summary>
    public enum ComputeDTypeName
    {
        Float32,
        BFloat16,
    }
}

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

    /// <summary>A plan with every merge method: task arithmetic (both anchors), linear, slerp, and merged embeddings and head.</summary>
    private static TailoringPlan EveryMethod() => TailoringPlan.BaseWithout(Layers, 2, [2]) with
    {
        Embeddings = MergeRecipe.TaskArithmeticOf([1, 2], 0.6),
        Head = new MergeRecipe { Members = [0, 1, 2], Method = MergeMethod.Linear, Weights = [0.5, 0.3, 0.2] },
        Layers =
        [
            new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.7) },
            new LayerRecipe { SourceLayer = 1, Merge = new MergeRecipe { Members = [1, 2], Method = MergeMethod.Slerp, T = 0.35 } },
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
        var plan = TailoringPlan.BaseWithout(Layers, 2, [3]) with
        {
            Layers = [.. TailoringPlan.BaseWithout(Layers, 2, [3]).Layers.Select((l, i) => i == 1 ? l with { Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.4) } : l)],
        };
        TailoringPlan WithLambda(double lambda) => plan with { Layers = [.. plan.Layers.Select((l, i) => i == 1 ? l with { Merge = MergeRecipe.TaskArithmeticOf([1, 2], lambda) } : l)] };
        int roles = TensorRoles.PresentLayerRoles(family.BaseConfig).Count();
        long layerSourceBytes;
        using (var stitcher = new PlanStitcher(family, new StitcherOptions { SourceCacheBytes = 1L << 30 }))
        {
            stitcher.Build(WithLambda(0.4)).Dispose();
            Assert.Equal(3 * roles, stitcher.Statistics.SourceMisses); // base, member 1 and member 2 of layer 1, each tensor once
            Assert.Equal(0, stitcher.Statistics.SourceHits);
            stitcher.Build(WithLambda(0.9)).Dispose(); // a new merged layer from the same members: no copy
            Assert.Equal(3 * roles, stitcher.Statistics.SourceMisses);
            Assert.Equal(3 * roles, stitcher.Statistics.SourceHits);
            layerSourceBytes = stitcher.Statistics.SourceBytes;
            Assert.True(layerSourceBytes > 0);
        }

        // A budget of a quarter of one merge's sources: once a merge releases them, all but a quarter are evicted.
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var tight = new PlanStitcher(family, new StitcherOptions { SourceCacheBytes = layerSourceBytes / 4 }))
        {
            using var first = tight.Build(WithLambda(0.4));
            Assert.True(tight.Statistics.SourceBytes <= layerSourceBytes / 4, $"{tight.Statistics.SourceBytes} held");
            Assert.True(tight.Statistics.SourcePeakBytes > layerSourceBytes / 4, "a merge holds its sources while it runs, over the budget");
            using var second = tight.Build(WithLambda(0.9));
            var stats = tight.Statistics;
            Assert.True(stats.SourceBytes <= layerSourceBytes / 4, $"{stats.SourceBytes} held");
            Assert.Equal(6 * roles, stats.SourceHits + stats.SourceMisses);
            Assert.True(stats.SourceMisses > 4 * roles, $"{stats.SourceMisses} copies"); // most were copied again
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

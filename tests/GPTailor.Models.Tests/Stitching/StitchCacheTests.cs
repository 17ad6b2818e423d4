using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class StitchCacheTests : IDisposable
{
    private const int Layers = 5;
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;

    public StitchCacheTests() => _family = ModelFamily.Open(RandomFamily.Write(_dir.Path, candidates: 2, layers: Layers));

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    /// <summary>A group of <paramref name="elements"/> float32 zeros whose creation advances <paramref name="clock"/> by <paramref name="seconds"/>.</summary>
    private static Func<TensorGroup> Group(ManualClock clock, int elements, double seconds) => () =>
    {
        clock.Advance(seconds);
        return new TensorGroup(new Dictionary<TensorRole, torch.Tensor> { [TensorRole.FinalNorm] = torch.zeros(elements) });
    };

    private static void Use(StitchCache cache, string key, Func<TensorGroup> create)
    {
        cache.Lease(key, create);
        cache.Release(key);
    }

    [Fact]
    public void EvictsTheGroupCheapestToRebuildBeforeAnOlderDearOne()
    {
        var clock = new ManualClock();
        using var cache = new StitchCache(2 * 400, clock); // two groups of 100 float32
        Use(cache, "dear", Group(clock, 100, 5.0));
        Use(cache, "cheap", Group(clock, 100, 1.0));
        Use(cache, "new", Group(clock, 100, 1.0));
        Assert.True(cache.Contains("dear")); // least recently used, yet five times dearer: kept
        Assert.False(cache.Contains("cheap"));
        Assert.Equal(1, cache.Evictions);
        Assert.True(cache.Bytes <= 2 * 400);
    }

    [Fact]
    public void KeepsAGroupManyPlansUsedAndAgesItOutOnceNoPlanUsesIt()
    {
        var clock = new ManualClock();
        using var cache = new StitchCache(2 * 400, clock);
        for (var i = 0; i < 3; i++)
        {
            Use(cache, "parent", Group(clock, 100, 1.0)); // built once, then two hits
        }

        Use(cache, "once", Group(clock, 100, 1.0));
        Use(cache, "other", Group(clock, 100, 1.0));
        Assert.True(cache.Contains("parent")); // used by three plans: outlives the more recent "once"
        Assert.False(cache.Contains("once"));
        Assert.Equal(2, cache.Hits);

        // No plan uses "parent" any more: each eviction raises the floor of new priorities, so it goes after a few.
        var evicted = false;
        for (var i = 0; i < 6 && !evicted; i++)
        {
            Use(cache, $"fresh{i}", Group(clock, 100, 1.0));
            evicted = !cache.Contains("parent");
        }

        Assert.True(evicted);
        Assert.True(cache.Bytes <= 2 * 400);
    }

    [Fact]
    public void LeasedGroupsAreNeverEvictedAndDisposingFreesEveryTensor()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var clock = new ManualClock();
        using (var cache = new StitchCache(400, clock))
        {
            cache.Lease("a", Group(clock, 100, 1.0));
            cache.Lease("b", Group(clock, 100, 9.0));
            Assert.Equal(800, cache.Bytes); // over budget while both are leased
            Assert.Equal(0, cache.Evictions);
            cache.Release("b");
            Assert.False(cache.Contains("b")); // dear, but the only group not leased
            cache.Release("a");
            Assert.Equal(400, cache.Bytes);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void APlansCachedGroupsAreLeasedBeforeItsNewGroupsAreBuilt()
    {
        var first = TailoringPlan.Dense(Layers, 2);
        var second = first with { Layers = first.Layers.Select((l, i) => i == Layers - 1 ? l with { Merge = MergeRecipe.From(1) } : l).ToArray() };
        long planBytes;
        using (var probe = new PlanStitcher(_family))
        {
            using (probe.Build(first))
            {
                planBytes = probe.Statistics.Bytes;
            }
        }

        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var stitcher = new PlanStitcher(_family, new StitcherOptions { CacheBytes = planBytes - 1 }))
        {
            using (stitcher.Build(first))
            {
            }

            var before = stitcher.Statistics;
            Assert.Equal(1, before.Evictions); // the budget keeps all of the first plan's groups but one
            using (stitcher.Build(second))
            {
            }

            var after = stitcher.Statistics;

            // The new last layer, and at most the one group evicted before: building the new layer evicts a group the
            // second plan does not use (the first plan's last layer), never one it is about to reuse.
            Assert.InRange(after.Misses - before.Misses, 1, 2);
            Assert.Equal(Layers + 3, (after.Misses - before.Misses) + (after.Hits - before.Hits));
            Assert.True(after.Bytes <= planBytes - 1);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void DeferredLayersAreBuiltOnFirstUseCountedAsSkippedOtherwiseAndReleasedWithTheModel()
    {
        var first = TailoringPlan.Dense(Layers, 2);
        var second = first with { Layers = first.Layers.Select((l, i) => i == Layers - 1 ? l with { Merge = MergeRecipe.TaskArithmeticOf([1, 2], 0.3) } : l).ToArray() };
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var stitcher = new PlanStitcher(_family))
        {
            var model = stitcher.Stitch(first, deferLayers: true);
            Assert.Equal(3, stitcher.Statistics.Misses); // embeddings, final norm and the (untied) head only
            Assert.Equal(Layers, model.Model.Layers.Count); // counting builds nothing
            Assert.Equal(3, stitcher.Statistics.Misses);
            _ = model.Model.Layers[2];
            _ = model.Model.Layers[2];
            Assert.Equal(4, stitcher.Statistics.Misses);
            Assert.Equal(Layers, model.Model.Layers.Count(l => l is not null)); // enumerating builds the rest
            Assert.Equal(3 + Layers, stitcher.Statistics.Misses);
            model.Dispose();
            Assert.Equal(0, stitcher.Statistics.Skipped);

            // Every group but the new last layer is cached: that one is deferred and, never run, skipped.
            var unused = stitcher.Stitch(second, deferLayers: true);
            Assert.Equal(3 + Layers, stitcher.Statistics.Misses);
            unused.Dispose();
            Assert.Equal(1, stitcher.Statistics.Skipped);
            Assert.Throws<ObjectDisposedException>(() => unused.Model.Layers[Layers - 1]);
            Assert.Equal(3 + Layers, stitcher.Statistics.Misses);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public async Task ScoresAreIdenticalWhetherGroupsComeFromTheCacheOrAreBuiltAnew()
    {
        var ppl = Path.Combine(_dir.Path, "ppl.jsonl");
        File.WriteAllLines(ppl, new[] { "[1, 5, 9, 13, 20, 7]", "[3, 4, 60]", "[8, 8, 8, 9, 10, 11, 12]", "[2, 40, 41, 42]" }.Select(t => $"{{\"tokens\":{t}}}"));
        var tasks = new TaskSet([new TaskDefinition("ppl", TaskKind.Perplexity, ppl, "nll", 1)]);
        var baseline = TailoringPlan.BaseWithout(Layers, 2, [4]);
        TailoringPlan With(int index, MergeRecipe merge) => baseline with { Layers = baseline.Layers.Select((l, i) => i == index ? l with { Merge = merge } : l).ToArray() };
        TailoringPlan[] plans =
        [
            baseline, With(3, MergeRecipe.TaskArithmeticOf([1, 2], 0.4)), With(0, MergeRecipe.From(2)), baseline,
            With(3, MergeRecipe.TaskArithmeticOf([1, 2], 0.4)), With(3, MergeRecipe.TaskArithmeticOf([1, 2], 0.7)), With(1, MergeRecipe.From(1)), baseline,
        ];
        long planBytes;
        using (var probe = new PlanStitcher(_family))
        {
            using (probe.Build(baseline))
            {
                planBytes = probe.Statistics.Bytes;
            }
        }

        // About one plan's groups: hits and evictions both happen.
        using var cachedStitcher = new PlanStitcher(_family, new StitcherOptions { CacheBytes = planBytes });
        using var cached = new TaskSetEvaluator(cachedStitcher, tasks, null);
        foreach (var plan in plans)
        {
            using var freshStitcher = new PlanStitcher(_family, new StitcherOptions { CacheBytes = 0 });
            using var fresh = new TaskSetEvaluator(freshStitcher, tasks, null);
            var expected = await fresh.EvaluateAsync(plan, EvaluationBudget.Full);
            var actual = await cached.EvaluateAsync(plan, EvaluationBudget.Full);
            Assert.Equal(expected.Scores.Select(s => s.Value), actual.Scores.Select(s => s.Value)); // exact
            Assert.Equal(0, freshStitcher.Statistics.Hits);
        }

        var stats = cachedStitcher.Statistics;
        Assert.True(stats.Hits > 0 && stats.Evictions > 0);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp() => _ticks;

        public void Advance(double seconds) => _ticks += (long)(seconds * TimestampFrequency);
    }
}

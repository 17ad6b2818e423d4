using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class PrefixCacheTests : IDisposable
{
    private const int Layers = 6;
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;
    private readonly HfTokenizer _tokenizer;
    private readonly TaskSet _tasks;
    private readonly int[][] _texts = [[1, 5, 9, 13, 20, 7], [3, 4], [8, 8, 8, 9, 10, 11, 12, 13, 14], [2, 40, 41], [50, 51, 52, 53], [60]];

    public PrefixCacheTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, layers: Layers, vocab: 300);
        string[] corpus = ["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat", "sort dcba = abcd"];
        ByteLevelBpeTrainer.Train(corpus, 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = ModelFamily.Open(manifest);
        _tokenizer = HfTokenizer.Load(manifest.Members[0].Directory);
        var mc = Path.Combine(_dir.Path, "mc.jsonl");
        File.WriteAllLines(mc, new[]
        {
            new MultipleChoiceDocument("add 12+30 =", ["42", "43", "52"], 0),
            new MultipleChoiceDocument("reverse abc =", ["cba", "abc"], 1),
            new MultipleChoiceDocument("sort dcba =", ["abcd", "dcba", "bacd", "x"], 2),
            new MultipleChoiceDocument("the cat sat on the", ["mat", "hat"], 0),
            new MultipleChoiceDocument("the cat", ["sat", "mat", "cat"], 0),
        }.Select(d => System.Text.Json.JsonSerializer.Serialize(new { context = d.Context, choices = d.Choices, gold = d.Gold })));
        var ppl = Path.Combine(_dir.Path, "ppl.jsonl");
        File.WriteAllLines(ppl, _texts.Select(t => $"{{\"tokens\":[{string.Join(',', t)}]}}"));
        _tasks = new TaskSet([new TaskDefinition("mc", TaskKind.MultipleChoice, mc, "acc_norm", 1), new TaskDefinition("ppl", TaskKind.Perplexity, ppl, "nll", 1)]);
    }

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    /// <summary>Plans of a search: the first shares 4 or 5 layers with the next three, 1 with the fifth, none with the last.</summary>
    private static TailoringPlan[] Plans()
    {
        var first = TailoringPlan.BaseWithout(Layers, 2, [5]);
        return
        [
            first,
            TailoringPlan.BaseWithout(Layers, 2, [4]),
            WithLayer(first, 4, MergeRecipe.From(1)),
            WithLayer(first, 1, MergeRecipe.TaskArithmeticOf([1, 2], 0.5)),
            first,
            TailoringPlan.Dense(Layers, 2, member: 2),
            WithLayer(first, 3, MergeRecipe.From(2)),
        ];
    }

    private static TailoringPlan WithLayer(TailoringPlan plan, int index, MergeRecipe merge) =>
        plan with { Layers = plan.Layers.Select((l, i) => i == index ? l with { Merge = merge } : l).ToArray() };

    [Fact]
    public void ScorerValuesAreBitIdenticalWithAndWithoutTheCache()
    {
        var groups = new[] { "add 12+30 =", "the cat sat on the", "sort dcba =", "reverse abc =", "the" }
            .Select((c, i) => (_tokenizer.Encode(c, addBos: false), (IReadOnlyList<int[]>)Enumerable.Range(1, 2 + (i % 2)).Select(k => _tokenizer.Encode($" {k}{c[0]}", addBos: false)).ToArray()))
            .ToArray();
        var options = new ScoringOptions(BatchSize: 2);
        using var stitcher = new PlanStitcher(_family);
        using var cache = new PrefixActivationCache(64L << 20);
        foreach (var plan in Plans())
        {
            using var model = stitcher.Build(plan);
            var plain = new SequenceScorer(model.Model, options);
            var cached = new SequenceScorer(model.Model, options, cache, model.PrefixKeys);
            var expectedGroups = plain.ScoreChoiceGroups(groups);
            var expectedTokens = plain.TokenLogProbs(_texts);
            cache.BeginEvaluation();
            var actualGroups = cached.ScoreChoiceGroups(groups);
            var actualTokens = cached.TokenLogProbs(_texts);
            for (int g = 0; g < groups.Length; g++)
            {
                Assert.Equal(expectedGroups[g], actualGroups[g]); // exact: same kernels on the same tensors
            }

            for (int s = 0; s < _texts.Length; s++)
            {
                Assert.Equal(expectedTokens[s], actualTokens[s]);
            }
        }

        var stats = cache.Statistics;
        Assert.True(stats.LayerForwardsSaved > 0);
        Assert.True(stats.Hits > 0 && stats.Hits < stats.Lookups);
    }

    [Fact]
    public async Task EvaluatorScoresAreIdenticalWithAndWithoutTheCacheAtEveryBudget()
    {
        using var plainStitcher = new PlanStitcher(_family);
        using var plain = new TaskSetEvaluator(plainStitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2));
        using var cachedStitcher = new PlanStitcher(_family);
        using var cached = new TaskSetEvaluator(cachedStitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: 64L << 20);
        foreach (var budget in new[] { 4, 2, 100 })
        {
            foreach (var plan in Plans())
            {
                var expected = await plain.EvaluateAsync(plan, new EvaluationBudget(budget));
                var actual = await cached.EvaluateAsync(plan, new EvaluationBudget(budget));
                Assert.Equal(expected.Scores.Select(s => s.Value), actual.Scores.Select(s => s.Value));
            }
        }

        var without = plain.Statistics;
        var with = cached.Statistics;
        Assert.Null(without.PrefixCache);
        Assert.Equal(0, without.LayerForwardsSaved);
        Assert.Equal(without.LayerForwardsRun, with.LayerForwardsRun + with.LayerForwardsSaved); // the same work, part of it skipped
        Assert.True(with.LayerForwardsSaved > 0);
        Assert.Equal(with.LayerForwardsSaved, with.PrefixCache!.LayerForwardsSaved);
    }

    [Fact]
    public async Task APlanThatChangesOnlyTheLastLayerRecomputesOnlyThatLayer()
    {
        var onlyText = new TaskSet([_tasks.Tasks[1]]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, onlyText, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: 64L << 20);
        var first = TailoringPlan.BaseWithout(Layers, 2, [2]);
        await evaluator.EvaluateAsync(first, EvaluationBudget.Full);
        const int batches = 3; // 6 documents, 2 per batch
        var before = evaluator.Statistics;
        Assert.Equal(batches * (Layers - 1), before.LayerForwardsRun);
        Assert.Equal(0, before.LayerForwardsSaved);

        await evaluator.EvaluateAsync(WithLayer(first, Layers - 2, MergeRecipe.From(1)), EvaluationBudget.Full);
        var after = evaluator.Statistics;
        Assert.Equal(batches, after.LayerForwardsRun - before.LayerForwardsRun);
        Assert.Equal(batches * (Layers - 2), after.LayerForwardsSaved);

        // Only the head differs: every batch resumes after its last layer.
        await evaluator.EvaluateAsync(first with { Head = MergeRecipe.From(2) }, EvaluationBudget.Full);
        Assert.Equal(after.LayerForwardsRun, evaluator.Statistics.LayerForwardsRun);
    }

    [Fact]
    public async Task LayersThatEveryBatchResumesPastAreNeverBuilt()
    {
        using var plainStitcher = new PlanStitcher(_family);
        using var plain = new TaskSetEvaluator(plainStitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2));

        // No merged-layer cache between plans: every group a plan needs is built again, unless the forward skips it.
        using var stitcher = new PlanStitcher(_family, new StitcherOptions { CacheBytes = 0 });
        using var evaluator = new TaskSetEvaluator(stitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: 64L << 20);
        var first = TailoringPlan.BaseWithout(Layers, 2, [2]); // 5 kept layers
        var lastChanged = WithLayer(first, Layers - 2, MergeRecipe.TaskArithmeticOf([1, 2], 0.5));
        foreach (var plan in new[] { first, lastChanged })
        {
            var expected = await plain.EvaluateAsync(plan, EvaluationBudget.Full);
            var actual = await evaluator.EvaluateAsync(plan, EvaluationBudget.Full);
            Assert.Equal(expected.Scores.Select(s => s.Value), actual.Scores.Select(s => s.Value));
        }

        // Per plan: embeddings, final norm, head (untied) and the layers. The first plan builds all 5 layers; the second
        // only its changed last layer, the 4 before it are skipped (every batch resumes after them).
        var stats = stitcher.Statistics;
        Assert.Equal(0, stats.Hits);
        Assert.Equal((3 + 5) + (3 + 1), stats.Misses);
        Assert.Equal(4, stats.Skipped);
        Assert.Equal(0, plainStitcher.Statistics.Skipped);

        // A model built for direct use (not by the evaluator) builds every layer at once.
        using var model = stitcher.Build(lastChanged);
        Assert.Equal(3 + 5 + 3 + 1 + 3 + 5, stitcher.Statistics.Misses);
    }

    [Fact]
    public async Task TheByteBudgetIsRespectedAndScoresStayIdentical()
    {
        using var plainStitcher = new PlanStitcher(_family);
        using var plain = new TaskSetEvaluator(plainStitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2));
        const long budget = 6 * 1024; // a few hidden states of [2, ≤ 9, 32] float32 (≤ 2.3 KB each)
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: budget);
        foreach (var plan in Plans())
        {
            var expected = await plain.EvaluateAsync(plan, EvaluationBudget.Full);
            var actual = await evaluator.EvaluateAsync(plan, EvaluationBudget.Full);
            Assert.Equal(expected.Scores.Select(s => s.Value), actual.Scores.Select(s => s.Value));
            var stats = evaluator.Statistics.PrefixCache!;
            Assert.InRange(stats.Bytes, 1, budget);
        }

        var final = evaluator.Statistics.PrefixCache!;
        Assert.InRange(final.PeakBytes, 1, budget);
        Assert.True(final.Evictions > 0);
    }

    [Fact]
    public void EvictsTheOldestUseFirstAndTheShallowestAmongEqualUses()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var cache = new PrefixActivationCache(3 * 16))
        {
            using (var scope = torch.NewDisposeScope())
            {
                var t = torch.ones(4); // 16 bytes
                string[] chain = ["a1", "a2", "a3"];
                for (int m = 1; m <= 3; m++)
                {
                    cache.Store("b", chain[m - 1], m, t);
                }

                cache.BeginEvaluation();
                var (depth, hidden) = cache.Resume("b", ["a1", "a2", "x3"]); // resumes at depth 2: a2 is used again
                Assert.Equal(2, depth);
                Assert.Equal(t.data<float>().ToArray(), hidden!.data<float>().ToArray());
                cache.Store("b", "x3", 3, t); // over budget: a1 (old, shallowest) goes, then nothing else
                Assert.Equal(3, cache.Statistics.Entries);
                Assert.Equal(48, cache.Statistics.Bytes);
                Assert.Equal(0, cache.Resume("b", ["a1"]).Depth);
                Assert.Equal(0, cache.Resume("other batch", ["a1", "a2", "a3"]).Depth);

                cache.BeginEvaluation();
                Assert.Equal(3, cache.Resume("b", ["a1", "a2", "x3"]).Depth); // x3 is used again
                cache.Store("b", "x4", 4, t); // a3 was last used by the first evaluation, a2 by the second: a3 goes
                Assert.Equal(2, cache.Resume("b", ["a1", "a2", "a3"]).Depth);
                Assert.Equal(4, cache.Resume("b", ["a1", "a2", "x3", "x4"]).Depth);

                cache.Store("b", "big", 1, torch.ones(13)); // larger than the whole budget: not kept
                Assert.Equal(0, cache.Resume("b", ["big"]).Depth);
                Assert.Equal(48, cache.Statistics.PeakBytes);
                Assert.Equal(2, cache.Statistics.Evictions);
            }

            Assert.Equal(live + 3, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // the cache's own handles
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public async Task EvaluationsWithTheCacheLeaveNoLiveTensors()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var stitcher = new PlanStitcher(_family))
        using (var evaluator = new TaskSetEvaluator(stitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: 4096))
        {
            foreach (var plan in Plans())
            {
                await evaluator.EvaluateAsync(plan, EvaluationBudget.Full);
            }

            Assert.True(evaluator.Statistics.PrefixCache!.Entries > 0);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void TheSpillTierKeepsEvictedEntriesWithinItsBudgetAndHandsBackCopies()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var cache = new PrefixActivationCache(2 * 16, 2 * 16) { SpillCpuEntries = true })
        {
            using (var scope = torch.NewDisposeScope())
            {
                string[] chain = ["a1", "a2", "a3", "a4", "a5"];
                for (int m = 1; m <= 5; m++)
                {
                    cache.BeginEvaluation();
                    cache.Store("b", chain[m - 1], m, torch.full(4, (float)m)); // 16 bytes each
                    var stats = cache.Statistics;
                    Assert.InRange(stats.Bytes, 0, 32);
                    Assert.InRange(stats.SpillBytes, 0, 32);
                }

                // a1 and a2 were spilled, then a1 dropped for a3; a4 and a5 are on the device.
                var s = cache.Statistics;
                Assert.Equal((3L, 32L, 32L, 4), (s.Spills, s.SpillBytes, s.Bytes, s.Entries));
                Assert.Equal(0, cache.Resume("b", ["a1"]).Depth);
                var (depth, hidden) = cache.Resume("b", ["a1", "a2"]);
                Assert.Equal(2, depth);
                Assert.Equal([2f, 2f, 2f, 2f], hidden!.data<float>().ToArray());
                hidden.fill_(7); // a copy: the entry is unchanged
                Assert.Equal([2f, 2f, 2f, 2f], cache.Resume("b", ["a1", "a2"]).Hidden!.data<float>().ToArray());
                Assert.Equal(2, cache.Statistics.SpillHits);
                Assert.Equal(5, cache.Resume("b", chain).Depth);
            }

            Assert.Equal(live + 4, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // the cache's own tensors
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        using var cpu = new PrefixActivationCache(16, 1024); // CPU entries are not spilled: the spill budget does nothing
        using (var scope = torch.NewDisposeScope())
        {
            StoreOnes(cpu, 2);
        }

        Assert.Equal((0L, 0L, 1), (cpu.Statistics.Spills, cpu.Statistics.SpillBytes, cpu.Statistics.Entries));

        static void StoreOnes(PrefixActivationCache cache, int count)
        {
            for (int m = 1; m <= count; m++)
            {
                cache.BeginEvaluation();
                cache.Store("b", $"k{m}", m, torch.ones(4));
            }
        }
    }

    [Fact]
    public async Task ScoresResumedFromTheSpillTierAreIdenticalAndItSavesForwardsTheDeviceBudgetAloneLoses()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        const long budget = 6 * 1024;
        const long spill = 64 * 1024;
        using (var plainStitcher = new PlanStitcher(_family))
        using (var plain = new TaskSetEvaluator(plainStitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2)))
        using (var smallStitcher = new PlanStitcher(_family))
        using (var small = new TaskSetEvaluator(smallStitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: budget))
        using (var stitcher = new PlanStitcher(_family))
        using (var spilling = new TaskSetEvaluator(stitcher, _tasks, _tokenizer, new ScoringOptions(BatchSize: 2), prefixCacheBytes: budget, prefixCacheSpillBytes: spill))
        {
            spilling.PrefixCache!.SpillCpuEntries = true;
            foreach (var plan in Plans())
            {
                var expected = await plain.EvaluateAsync(plan, EvaluationBudget.Full);
                await small.EvaluateAsync(plan, EvaluationBudget.Full);
                var actual = await spilling.EvaluateAsync(plan, EvaluationBudget.Full);
                Assert.Equal(expected.Scores.Select(s => s.Value), actual.Scores.Select(s => s.Value));
                var stats = spilling.Statistics.PrefixCache!;
                Assert.InRange(stats.Bytes, 1, budget);
                Assert.InRange(stats.SpillBytes, 0, spill);
            }

            var spilled = spilling.Statistics.PrefixCache!;
            Assert.True(spilled.SpillHits > 0);
            Assert.True(spilling.Statistics.LayerForwardsSaved > small.Statistics.LayerForwardsSaved);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class PruningTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DropLastRemovesTheLastLayersWithoutCalibration()
    {
        using var family = BaselineModels.OpenFamily(BaselineModels.Write(_dir.File("m"), layers: 5));
        var plan = PruningBaselines.Plan("drop-last", family, [], 2);
        Assert.Equal([3, 4], plan.RemovedLayers);
        Assert.All(plan.Layers, l => Assert.Equal([0], l.Merge.Members));
        Assert.Equal([0, 1, 2, 3, 4], PruningBaselines.Plan("drop-last", family, [], 0).Layers.Select(l => l.SourceLayer));
    }

    [Theory]
    [InlineData("shortgpt")]
    [InlineData("relmag")]
    public void MetricMethodsRemoveTheIdentityLayerFirst(string method)
    {
        using var family = BaselineModels.OpenFamily(BaselineModels.Write(_dir.File("m"), layers: 4, identityLayers: 2));
        Assert.Equal([2], PruningBaselines.Plan(method, family, BaselineModels.Calibration, 1).RemovedLayers);
    }

    [Fact]
    public void AngularRemovesTheContiguousIdentityBlock()
    {
        using var family = BaselineModels.OpenFamily(BaselineModels.Write(_dir.File("m"), layers: 6, identityLayers: [2, 3]));
        Assert.Equal([2, 3], PruningBaselines.Plan("angular", family, BaselineModels.Calibration, 2).RemovedLayers);
        using var model = BaselineModels.Load(_dir.File("m"));
        var distances = LayerImportance.Compute(model, BaselineModels.Calibration, ImportanceMetric.Angular, 2);
        Assert.True(distances.Scores[2] < 2e-3, $"{distances.Scores[2]}");
        Assert.All(new[] { 0, 1, 3, 4 }, l => Assert.True(distances.Scores[l] > 1e-2, $"block {l}: {distances.Scores[l]}"));
    }

    [Fact]
    public void SlebMatchesABruteForceGreedySearch()
    {
        var dir = BaselineModels.Write(_dir.File("m"), layers: 5, seed: 11);
        using var family = BaselineModels.OpenFamily(dir);
        var plan = PruningBaselines.Plan("sleb", family, BaselineModels.Calibration, 2, new BaselineOptions { BatchSize = 2 });

        // Brute force with models assembled by hand from the loaded layers (not through the stitcher).
        using var checkpoint = SafetensorsCheckpoint.Open(dir);
        var config = HfModelConfig.Load(dir);
        using var weights = CausalLanguageModelLoader.LoadWeights(checkpoint, config);
        double Nll(IEnumerable<int> removed)
        {
            var kept = Enumerable.Range(0, 5).Except(removed).ToArray();
            var c = config.WithNumHiddenLayers(kept.Length);
            using var model = new CausalLanguageModel(c, weights.Embeddings, kept.Select(l => new DecoderLayer(c, weights.Layers[l])).ToArray(), weights.FinalNorm, weights.LanguageModelHead);
            return new SequenceScorer(model, new ScoringOptions(BatchSize: 1)).ScoreNll(BaselineModels.Calibration).TotalNll;
        }

        int ArgMin(IEnumerable<int> candidates, Func<int, double> value)
        {
            var ranked = candidates.Select(l => (Layer: l, Value: value(l))).OrderBy(x => x.Value).ToArray();
            Assert.True(ranked[1].Value - ranked[0].Value > 1e-6, "the brute-force minimum must be unique for the test to be meaningful");
            return ranked[0].Layer;
        }

        var first = ArgMin(Enumerable.Range(0, 5), l => Nll([l]));
        var second = ArgMin(Enumerable.Range(0, 5).Where(l => l != first), l => Nll([first, l]));
        Assert.Equal(new[] { first, second }.Order(), plan.RemovedLayers);
        Assert.Contains($"{first}, {second}", plan.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void LacoFollowsTheNotebookLoopAndStopsAtTheTarget()
    {
        var dir = BaselineModels.Write(_dir.File("m"), layers: 6);
        using var family = BaselineModels.OpenFamily(dir);
        var alwaysAccept = new BaselineOptions { Laco = new LacoOptions { MergeLayers = 3, Threshold = -2 } };

        // l = 5 − 3 = 2: merge 2 with 3, 4; then l = 1: m = min(2, target − 2) = 1, merge 1 with the merged layer 2.
        var targeted = PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 3, alwaysAccept);
        Assert.Equal([0, 1, 5], targeted.Layers.Select(l => l.SourceLayer));
        Assert.Equal([2, 3, 4], targeted.Layers[1].CollapsedLayers!);
        Assert.Equal([0.0, -1.0, 1.0, 1.0], targeted.Layers[1].CollapseCoefficients!); // θ1 + (W2* − θ1), W2* = −θ2 + θ3 + θ4

        // Without a target the loop continues: 1 absorbs (2*, 5), then 0 absorbs 1**.
        var plain = LayerCollapse.Plan(family, BaselineModels.Calibration, null, alwaysAccept);
        var only = Assert.Single(plain.Layers);
        Assert.Equal([1, 2, 3, 4, 5], only.CollapsedLayers!);
        double[] coefficients = [0.0, -1.0, -1.0, 1.0, 1.0, 1.0];
        Assert.Equal(coefficients, only.CollapseCoefficients!);
        using var stitcher = new PlanStitcher(family);
        using var stitched = stitcher.Build(plain);
        CollapsePlanTests.AssertCollapsed(family, stitched, 0, 0, coefficients.Select((c, l) => (l, c)).ToArray());

        var notebook = PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 3, new BaselineOptions { Laco = new LacoOptions { MergeLayers = 3, Threshold = -2, Mode = CollapseMode.Notebook } });
        Assert.Equal(CollapseMode.Notebook, notebook.Layers[1].CollapseMode);
        Assert.Null(notebook.Layers[1].CollapseCoefficients);
        using var notebookModel = stitcher.Build(notebook);
        CollapsePlanTests.AssertCollapsed(family, notebookModel, 1, 1, [(4, 1.0)]);

        var never = PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 3, new BaselineOptions { Laco = new LacoOptions { MergeLayers = 3, Threshold = 1.01 } });
        Assert.Empty(never.RemovedLayers);
    }

    [Fact]
    public void LacoAcceptsAMergeExactlyWhenTheLastStateSimilarityExceedsTheThreshold()
    {
        var dir = BaselineModels.Write(_dir.File("m"), layers: 6, seed: 5);
        using var family = BaselineModels.OpenFamily(dir);
        using var stitcher = new PlanStitcher(family);
        using var dense = stitcher.Build(TailoringPlan.Dense(6, 0));
        using var first = stitcher.Build(CollapsePlanTests.Collapse(2, [3, 4], layers: 6));
        double similarity = BaselineModels.Calibration.Average(s =>
        {
            using var scope = torch.NewDisposeScope();
            var ids = torch.tensor(s.Select(t => (long)t).ToArray(), [1, s.Length]);
            var a = dense.Model.ForwardHidden(ids).to(torch.ScalarType.Float64).flatten().data<double>().ToArray();
            var b = first.Model.ForwardHidden(ids).to(torch.ScalarType.Float64).flatten().data<double>().ToArray();
            return ReferenceStates.Cosine(a, b);
        });

        LacoOptions At(double threshold) => new() { MergeLayers = 3, Threshold = threshold };
        var accepted = PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 2, new BaselineOptions { BatchSize = 2, Laco = At(similarity - 1e-4) });
        Assert.Equal(CollapsePlanTests.Collapse(2, [3, 4], layers: 6).ComputeHash(), accepted.ComputeHash());
        var rejected = PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 2, new BaselineOptions { BatchSize = 2, Laco = At(similarity + 1e-4) });
        Assert.DoesNotContain(rejected.Layers, l => l.SourceLayer == 2 && l.IsCollapsed);
    }

    [Fact]
    public void LeavesNoLiveTensorsRejectsBadArgumentsAndHonoursCancellation()
    {
        using var family = BaselineModels.OpenFamily(BaselineModels.Write(_dir.File("m"), layers: 4));
        PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 1);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var method in PruningBaselines.Methods)
        {
            Assert.Equal(3, PruningBaselines.Plan(method, family, BaselineModels.Calibration, 1, new BaselineOptions { Laco = new LacoOptions { Threshold = -2 } }).Layers.Count);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Throws<ArgumentException>(() => PruningBaselines.Plan("magnitude", family, BaselineModels.Calibration, 1));
        Assert.Throws<ArgumentException>(() => PruningBaselines.Plan("shortgpt", family, BaselineModels.Calibration, 4));
        Assert.Throws<ArgumentException>(() => PruningBaselines.Plan("sleb", family, [[1]], 1));
        Assert.Throws<ArgumentException>(() => PruningBaselines.Plan("laco", family, BaselineModels.Calibration, 1, new BaselineOptions { Laco = new LacoOptions { MergeLayers = 1 } }));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        foreach (var method in new[] { "shortgpt", "sleb", "laco" })
        {
            Assert.ThrowsAny<OperationCanceledException>(() => PruningBaselines.Plan(method, family, BaselineModels.Calibration, 1, cancellationToken: cancelled.Token));
        }
    }
}

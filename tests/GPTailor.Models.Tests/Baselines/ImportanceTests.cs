using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class ImportanceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CausalLanguageModel _model;
    private readonly ReferenceStates[] _reference;

    public ImportanceTests()
    {
        _model = BaselineModels.Load(BaselineModels.Write(_dir.File("m"), layers: 4));
        _reference = BaselineModels.Calibration.Select(s => ReferenceStates.Of(_model, s)).ToArray();
    }

    public void Dispose()
    {
        _model.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BlockInfluenceEqualsAPerSequenceFloat64Computation(bool lastNormed)
    {
        var options = new BaselineOptions { BatchSize = 2, LastStateAfterFinalNorm = lastNormed };
        var result = LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence, options: options);
        Assert.Equal(21, result.TokenCount);
        for (int i = 0; i < 4; i++)
        {
            double expected = 0;
            foreach (var r in _reference)
            {
                var x = r.State(i, lastNormed);
                var y = r.State(i + 1, lastNormed);
                expected += x.Select((row, t) => 1 - ReferenceStates.Cosine(row, y[t])).Sum();
            }

            Assert.True(Math.Abs(expected - result.Scores[i]) < 1e-4, $"layer {i}: {result.Scores[i]} vs {expected}");
        }

        // The post-norm convention changes only the last layer's score.
        var other = LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence, options: new BaselineOptions { LastStateAfterFinalNorm = !lastNormed });
        Assert.Equal(result.Scores[0], other.Scores[0], 5);
        Assert.True(Math.Abs(result.Scores[3] - other.Scores[3]) > 1e-3);
    }

    [Fact]
    public void RelativeMagnitudeAndAngularDistanceEqualFloat64Computations()
    {
        var options = new BaselineOptions { BatchSize = 2 };
        var relmag = LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.RelativeMagnitude, options: options);
        var angular = LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.Angular, 2, options);
        Assert.Equal(4, relmag.Scores.Count);
        Assert.Equal(3, angular.Scores.Count);
        Assert.Equal(2, angular.BlockSize);
        var tokens = BaselineModels.Calibration.Sum(s => s.Length);
        for (int i = 0; i < 4; i++)
        {
            double expected = _reference.Sum(r => r.Inputs[i].Select((x, t) =>
            {
                var y = r.Output(i)[t];
                return ReferenceStates.Norm(y.Zip(x, (a, b) => a - b).ToArray()) / ReferenceStates.Norm(y);
            }).Sum()) / tokens;
            Assert.True(Math.Abs(expected - relmag.Scores[i]) < 1e-5, $"relmag {i}: {relmag.Scores[i]} vs {expected}");
        }

        for (int l = 0; l < 3; l++)
        {
            double expected = _reference.Sum(r => r.State(l, true).Select((x, t) => Math.Acos(Math.Clamp(ReferenceStates.Cosine(x, r.State(l + 2, true)[t]), -1, 1)) / Math.PI).Sum()) / tokens;
            Assert.True(Math.Abs(expected - angular.Scores[l]) < 1e-4, $"angular {l}: {angular.Scores[l]} vs {expected}");
        }
    }

    [Fact]
    public void IncludedPaddingCountsLikeSequencesPaddedByHand()
    {
        const int pad = 2;
        var included = LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence, options: new BaselineOptions { BatchSize = 3, IncludePadding = true, PadTokenId = pad });
        var padded = BaselineModels.Calibration.Select(s => s.Concat(Enumerable.Repeat(pad, 10 - s.Length)).ToArray()).ToArray();
        var byHand = LayerImportance.Compute(_model, padded, ImportanceMetric.BlockInfluence, options: new BaselineOptions { BatchSize = 1 });
        var excluded = LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence, options: new BaselineOptions { BatchSize = 3 });
        Assert.Equal(30, included.TokenCount);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(byHand.Scores[i], included.Scores[i], 4);
            Assert.True(included.Scores[i] > excluded.Scores[i] + 1e-3);
        }
    }

    [Fact]
    public void AnIdentityLayerHasZeroBlockInfluenceAndRelativeMagnitude()
    {
        using var model = BaselineModels.Load(BaselineModels.Write(_dir.File("identity"), layers: 4, identityLayers: 1));
        var bi = LayerImportance.Compute(model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence);
        var relmag = LayerImportance.Compute(model, BaselineModels.Calibration, ImportanceMetric.RelativeMagnitude);
        Assert.True(bi.Scores[1] < 1e-5, $"BI of the identity layer: {bi.Scores[1]}");
        Assert.Equal(0.0, relmag.Scores[1]);
        Assert.All(new[] { 0, 2, 3 }, i => Assert.True(bi.Scores[i] > 1e-2 && relmag.Scores[i] > 1e-2, $"layer {i}"));
        Assert.Equal([1], bi.Lowest(1));
    }

    [Fact]
    public void LeavesNoLiveTensorsAndHonoursCancellation()
    {
        LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.Angular, 2);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var metric in Enum.GetValues<ImportanceMetric>())
        {
            LayerImportance.Compute(_model, BaselineModels.Calibration, metric, 2, new BaselineOptions { BatchSize = 2 });
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => LayerImportance.Compute(_model, [[]], ImportanceMetric.BlockInfluence));
        Assert.Throws<ArgumentException>(() => LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.Angular, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerImportance.Compute(_model, [[1, 500]], ImportanceMetric.BlockInfluence));
        Assert.Throws<ArgumentException>(() => LayerImportance.Compute(_model, BaselineModels.Calibration, ImportanceMetric.BlockInfluence, options: new BaselineOptions { PadTokenId = 96 }));
        Assert.Throws<ArgumentException>(() => LayerImportance.ParseMetric("cosine"));
    }
}

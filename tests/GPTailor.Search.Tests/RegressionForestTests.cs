namespace GPTailor.Search.Tests;

/// <summary>The random-forest surrogate against closed-form cases.</summary>
public sealed class RegressionForestTests
{
    private static double[][] Column(params double[] xs) => xs.Select(x => new[] { x }).ToArray();

    [Fact]
    public void ConstantTargetsGiveOneLeafAndZeroVariance()
    {
        var x = Enumerable.Range(0, 30).Select(i => new[] { i / 30.0, (i * 7 % 30) / 30.0 }).ToArray();
        var y = Enumerable.Repeat(2.5, 30).ToArray();
        var forest = RegressionForest.Fit(x, y, new ForestSettings(), new SearchRandom(1));

        Assert.All(forest.Trees, t => Assert.Equal(1, t.NodeCount));
        foreach (var p in new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.9 }, new[] { 2.0, -1.0 } })
        {
            var (mean, variance) = forest.Predict(p);
            Assert.Equal(2.5, mean, 12);
            Assert.Equal(0.0, variance, 12);
        }
    }

    [Fact]
    public void AStepFunctionIsSplitBetweenTheTwoSamplesAroundTheStep()
    {
        // y = 1 for x ≤ 0.35, 5 above; the samples nearest the step are 0.35 and 0.40: the threshold is 0.375.
        var xs = Enumerable.Range(0, 21).Select(i => i * 0.05).ToArray();
        var y = xs.Select(v => v <= 0.35 + 1e-9 ? 1.0 : 5.0).ToArray();
        var forest = RegressionForest.Fit(Column(xs), y, new ForestSettings { Trees = 1, Bootstrap = false }, new SearchRandom(3));

        var tree = forest.Trees.Single();
        Assert.Equal((0, 0.375), tree.RootSplit!.Value with { Threshold = Math.Round(tree.RootSplit.Value.Threshold, 12) });
        Assert.Equal(3, tree.NodeCount); // both sides are pure: no further split
        Assert.Equal((1.0, 0.0), forest.Predict(new[] { 0.37 }));
        Assert.Equal((5.0, 0.0), forest.Predict(new[] { 0.38 }));
    }

    [Fact]
    public void TheSplitPicksTheFeatureThatExplainsTheTarget()
    {
        // Feature 0 is noise, feature 1 decides the target.
        var random = new Random(5);
        var x = Enumerable.Range(0, 40).Select(i => new[] { random.NextDouble(), i % 2 }).ToArray();
        var y = x.Select(r => r[1] == 1 ? 10.0 : 0.0).ToArray();
        var forest = RegressionForest.Fit(x, y, new ForestSettings { Trees = 5 }, new SearchRandom(9));

        Assert.All(forest.Trees, t => Assert.Equal(1, t.RootSplit!.Value.Feature));
        Assert.Equal(0.0, forest.Predict(new[] { 0.3, 0.0 }).Mean, 12);
        Assert.Equal(10.0, forest.Predict(new[] { 0.3, 1.0 }).Mean, 12);
    }

    [Fact]
    public void ALeafPredictsTheSampleMeanAndThePopulationVariance()
    {
        // No split allowed (MinSamplesSplit above n), no bootstrap: every tree is one leaf over all samples, so the
        // forest's variance is the within-leaf variance alone: Σ(y − ȳ)²/n.
        double[] y = [1, 2, 4, 8, 16];
        var forest = RegressionForest.Fit(Column(0, 1, 2, 3, 4), y, new ForestSettings { Trees = 4, Bootstrap = false, MinSamplesSplit = 6 }, new SearchRandom(2));

        var (mean, variance) = forest.Predict(new[] { 2.5 });
        Assert.Equal(31.0 / 5, mean, 12);
        Assert.Equal(y.Sum(v => (v - 6.2) * (v - 6.2)) / 5, variance, 12);
    }

    [Fact]
    public void VarianceIsAcrossTreesPlusWithinLeaves()
    {
        // Leaves of at least 2 samples on 4 points: each tree's leaf at x = 0 holds the two smallest samples of its
        // bootstrap. The forest variance must equal var(tree means) + mean(leaf variances), computed here from the trees.
        var x = Column(0, 1, 2, 3);
        double[] y = [0, 1, 3, 7];
        var settings = new ForestSettings { Trees = 7, MinSamplesLeaf = 2 };
        var forest = RegressionForest.Fit(x, y, settings, new SearchRandom(11));

        var leaves = forest.Trees.Select(t => t.Predict(new[] { 0.0 })).ToArray();
        var mean = leaves.Average(l => l.Mean);
        var expected = leaves.Average(l => (l.Mean - mean) * (l.Mean - mean)) + leaves.Average(l => l.Variance);
        var (m, v) = forest.Predict(new[] { 0.0 });
        Assert.Equal(mean, m, 12);
        Assert.Equal(expected, v, 12);
        Assert.True(v > 0);
    }

    [Fact]
    public void DuplicatedDataShrinksTheVarianceAcrossTreesAtTheSamples()
    {
        // y = x on 10 points. Each point repeated 20 times is in (almost) every bootstrap sample, so every tree isolates
        // it in a pure leaf: the variance there vanishes. Without duplicates a point is missing from about a third of
        // the bootstrap samples and the trees disagree.
        var xs = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        var single = RegressionForest.Fit(Column(xs), xs, new ForestSettings { Trees = 50 }, new SearchRandom(4));
        var repeated = xs.SelectMany(v => Enumerable.Repeat(v, 20)).ToArray();
        var duplicated = RegressionForest.Fit(Column(repeated), repeated, new ForestSettings { Trees = 50 }, new SearchRandom(4));

        var singleVariance = xs.Average(v => single.Predict(new[] { v }).Variance);
        var duplicatedVariance = xs.Average(v => duplicated.Predict(new[] { v }).Variance);
        Assert.True(singleVariance > 0.05, $"single {singleVariance}");
        Assert.True(duplicatedVariance < 1e-12, $"duplicated {duplicatedVariance}");
        Assert.All(xs, v => Assert.Equal(v, duplicated.Predict(new[] { v }).Mean, 9));
    }

    [Fact]
    public void TheSameSeedGrowsTheSameForest()
    {
        var random = new Random(8);
        var x = Enumerable.Range(0, 50).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();
        var y = x.Select(r => Math.Sin(5 * r[0]) + r[1]).ToArray();
        var a = RegressionForest.Fit(x, y, new ForestSettings { FeatureRatio = 0.5 }, new SearchRandom(6));
        var b = RegressionForest.Fit(x, y, new ForestSettings { FeatureRatio = 0.5 }, new SearchRandom(6));

        Assert.All(x, p => Assert.Equal(a.Predict(p), b.Predict(p)));
    }

    [Fact]
    public void BadDataIsRejected()
    {
        Assert.Throws<ArgumentException>(() => RegressionForest.Fit([], [], new ForestSettings(), new SearchRandom(1)));
        Assert.Throws<ArgumentException>(() => RegressionForest.Fit(Column(1, 2), [1, double.NaN], new ForestSettings(), new SearchRandom(1)));
        Assert.Throws<ArgumentException>(() => RegressionForest.Fit([[1.0], [1.0, 2.0]], [1, 2], new ForestSettings(), new SearchRandom(1)));
    }
}

using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

public class ScalarizerTests
{
    [Fact]
    public void ParEgoMatchesTheAugmentedChebyshevFormulaByHand()
    {
        var s = new ParEgoScalarizer(2, seed: 7);
        s.BeginIteration();
        s.Observe([0.2, 0.9]);
        s.Observe([0.6, 0.1]);
        var theta = s.Theta;
        Assert.Equal(1.0, theta.Sum(), 9);
        // f̂ = ((0.4 − 0.2)/0.4, (0.5 − 0.1)/0.8) = (0.5, 0.5)
        var expected = Math.Max(theta[0] * 0.5, theta[1] * 0.5) + (0.05 * ((theta[0] * 0.5) + (theta[1] * 0.5)));
        Assert.Equal(expected, s.Scalarize([0.4, 0.5]), 12);
    }

    [Fact]
    public void ParEgoUsesOneWhereTheRangeIsDegenerate()
    {
        var s = new ParEgoScalarizer(2, seed: 1);
        s.BeginIteration();
        s.Observe([0.3, 0.3]);
        var theta = s.Theta;
        Assert.Equal(Math.Max(theta[0], theta[1]) + (0.05 * (theta[0] + theta[1])), s.Scalarize([0.3, 0.3]), 12);
    }

    [Fact]
    public void ParEgoStateRoundTripsExactly()
    {
        var a = new ParEgoScalarizer(3, seed: 11);
        a.BeginIteration();
        a.Observe([1, 2, 3]);
        a.Observe([3, 1, 0]);
        var b = new ParEgoScalarizer(3, seed: 999);
        b.LoadState(JsonNode.Parse(a.SaveState().ToJsonString())!);
        a.BeginIteration();
        b.BeginIteration();
        Assert.Equal(a.Theta, b.Theta);
        Assert.Equal(a.Scalarize([2, 2, 2]), b.Scalarize([2, 2, 2]));
        Assert.Throws<FormatException>(() => new ParEgoScalarizer(2).LoadState(a.SaveState()));
        Assert.Throws<FormatException>(() => b.LoadState(new WeightedSumScalarizer([1, 1, 1]).SaveState()));
        var broken = a.SaveState().AsObject();
        broken["theta"] = null;
        Assert.Contains("theta", Assert.Throws<FormatException>(() => b.LoadState(broken)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParEgoStateKeepsInfiniteBoundsOfAnObjectiveNeverSeenFinite()
    {
        var a = new ParEgoScalarizer(2, seed: 3);
        a.BeginIteration();
        a.Observe([1, double.PositiveInfinity]);
        a.Observe([2, double.PositiveInfinity]);
        var b = new ParEgoScalarizer(2);
        b.LoadState(JsonNode.Parse(a.SaveState().ToJsonString())!);
        Assert.Equal(a.SaveState().ToJsonString(), b.SaveState().ToJsonString());
        Assert.Equal(a.Scalarize([1.5, 7]), b.Scalarize([1.5, 7]));
    }

    [Fact]
    public void WeightedSumStateChecksTheNumberOfObjectives()
    {
        var s = new WeightedSumScalarizer([1, 2]);
        s.LoadState(JsonNode.Parse(s.SaveState().ToJsonString())!);
        Assert.Throws<FormatException>(() => s.LoadState(new WeightedSumScalarizer([1]).SaveState()));
        Assert.Throws<FormatException>(() => s.LoadState(new ParEgoScalarizer(2).SaveState()));
    }

    [Fact]
    public void WeightedSumIsTheDotProduct()
    {
        var s = new WeightedSumScalarizer([1, 2]);
        Assert.Equal(0.3 + 1.0, s.Scalarize([0.3, 0.5]), 12);
        Assert.Throws<ArgumentException>(() => new WeightedSumScalarizer([-1.0]));
        Assert.Throws<ArgumentException>(() => s.Scalarize([1.0]));
    }
}

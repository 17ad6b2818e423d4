
namespace GPTailor.Search.Tests;

public sealed class InitialDesignTests
{
    [Fact]
    public void ReferenceSizeHas129GenotypesWithTheDigestRemovalLists()
    {
        var design = GPTailorInitialDesign.Create(40, 10, 3);
        Assert.Equal(129, design.Count);
        Assert.Equal([34, 33, 24, 29, 25, 35, 37, 26, 32, 36], design[0].Removed);
        Assert.Equal([20, 18, 23, 21, 22, 19, 17, 11, 1, 15], design[43].Removed);
        Assert.Equal([32, 10, 31, 1, 33, 2, 29, 15, 22, 9], design[86].Removed);
        var r32 = GPTailorInitialDesign.Removals(32, 9);
        Assert.Equal([24, 29, 23, 22, 30, 28, 21, 18, 25], r32.HigherFirst);
        Assert.Equal([19, 16, 18, 14, 13, 15, 17, 23, 29], r32.MiddleOutward);
        Assert.Equal([24, 9, 18, 8, 21, 12, 30, 2, 26], r32.Alternating);
        Assert.Equal([34, 33, 24], GPTailorInitialDesign.Removals(40, 3).HigherFirst);
    }

    [Fact]
    public void GenotypesFollowTheAllBaseThenLambdaTimesPatternLayout()
    {
        var design = GPTailorInitialDesign.Create(40, 10, 3);
        var allBase = design[0];
        Assert.All(allBase.Selected, s => Assert.DoesNotContain(true, s));
        var kept = Enumerable.Range(0, 40).Except(design[1].Removed).ToArray();
        // design[1 + 7·λindex + pattern]: patterns 100, 010, 001, 110, 101, 011, 111.
        bool[][] patterns = [[true, false, false], [false, true, false], [false, false, true], [true, true, false], [true, false, true], [false, true, true], [true, true, true]];
        double[] lambdas = [0.3, 0.5, 0.6, 0.7, 0.8, 1.0];
        for (var l = 0; l < 6; l++)
        {
            for (var p = 0; p < 7; p++)
            {
                var g = design[1 + 7 * l + p];
                Assert.All(kept, layer => Assert.Equal(patterns[p], g.Selected[layer]));
                Assert.All(g.Lambda, v => Assert.Equal(lambdas[l], v));
                var plan = g.ToPlan();
                Assert.Equal(30, plan.Layers.Count);
            }
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 4)]
    [InlineData(24, 6)]
    [InlineData(41, 12)]
    [InlineData(80, 20)]
    public void OtherSizesGiveDistinctInRangeRemovalsAndValidPlans(int n, int k)
    {
        var removals = GPTailorInitialDesign.Removals(n, k);
        foreach (var list in removals.All)
        {
            Assert.Equal(k, list.Count);
            Assert.Equal(k, list.Distinct().Count());
            Assert.All(list, l => Assert.InRange(l, 0, n - 1));
        }

        var full = GPTailorInitialDesign.Removals(n, n - 1);
        Assert.All(full.All, list => Assert.Equal(n - 1, list.Distinct().Count()));
        var design = GPTailorInitialDesign.Create(n, k, 2);
        Assert.Equal(3 * (1 + 6 * 3), design.Count);
        Assert.All(design, g => Assert.Equal(n - k, g.ToPlan().Layers.Count));
        Assert.Equal(removals.All.SelectMany(l => l), GPTailorInitialDesign.Removals(n, k).All.SelectMany(l => l));
    }

    [Fact]
    public void GroupsAreRespectedForGeneratedLists()
    {
        var r = GPTailorInitialDesign.Removals(24, 23);
        // higher = 12..22 first, then lower = 1..11, then 23 and 0.
        Assert.Equal(Enumerable.Range(12, 11).Order(), r.HigherFirst.Take(11).Order());
        Assert.Equal(Enumerable.Range(1, 11).Order(), r.HigherFirst.Skip(11).Take(11).Order());
        Assert.Equal([23], r.HigherFirst.Skip(22));
        Assert.Equal(Enumerable.Range(9, 7).Order(), r.MiddleOutward.Take(7).Order());
        Assert.All(r.Alternating.Take(22).Where((_, i) => i % 2 == 0), v => Assert.InRange(v, 12, 22));
    }

    [Fact]
    public void PatternsAndBadArguments()
    {
        Assert.Equal(15, GPTailorInitialDesign.CandidatePatterns(4).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => GPTailorInitialDesign.Removals(10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => GPTailorInitialDesign.Create(10, 2, 0));
    }
}


namespace GPTailor.Search.Tests;

public sealed class RandomSearchTests
{
    private static readonly SearchBox Mixed = new([-1, -1, 0, -3], [1, 1, 1, 3], [DimensionKind.Continuous, DimensionKind.Continuous, DimensionKind.Binary, DimensionKind.Integer]);

    [Fact]
    public void InitialDesignComesFirstRepairedThenUniformPointsInTheBox()
    {
        var search = new RandomSearch(Mixed, new RandomSearchOptions { Seed = 1, BatchSize = 3, InitialDesign = [[0.5, 2, 0.4, 1.6], [0, 0, 1, -3]] });
        var first = search.Ask();
        Assert.Equal(new double[] { 0.5, 1, 0, 2 }, first[0].Coordinates);
        Assert.Equal(new double[] { 0, 0, 1, -3 }, first[1].Coordinates);
        Assert.True(Mixed.Contains(first[2].Coordinates));
        search.Tell(first.Select(c => new Observation(c, 0)).ToArray());
        var counts = new int[7];
        for (var i = 0; i < 2000; i++)
        {
            var batch = search.Ask();
            foreach (var c in batch)
            {
                Assert.True(Mixed.Contains(c.Coordinates));
                counts[(int)c.Coordinates[3] + 3]++;
            }

            search.Tell(batch.Select(c => new Observation(c, 0)).ToArray());
        }

        // 6000 draws over 7 integers: each count ~ 857 ± 27 (sd); allow 5 sd.
        Assert.All(counts, c => Assert.InRange(c, 857 - 135, 857 + 135));
    }

    [Fact]
    public void FindsTheNeighbourhoodOfANoisyQuadraticOptimum()
    {
        var box = SearchBox.Cube(2, -1, 1);
        var noise = new Random(3);
        var search = new RandomSearch(box, new RandomSearchOptions { Seed = 2, BatchSize = 10, MaxEvaluations = 3000 });
        OptimizerRunner.RunToStop(search, x => (x[0] - 0.3) * (x[0] - 0.3) + (x[1] + 0.2) * (x[1] + 0.2) + 0.001 * (noise.NextDouble() - 0.5), 10_000);
        Assert.Equal(3000, search.Evaluations);
        Assert.Equal(RandomSearch.MaxEvaluationsReason, search.StopReason);
        Assert.Empty(search.Ask());
        var best = search.Best!.Point.Coordinates;
        Assert.True(Math.Abs(best[0] - 0.3) < 0.05 && Math.Abs(best[1] + 0.2) < 0.05, $"{best[0]}, {best[1]}");
    }

    [Fact]
    public void SameSeedSamePointsAndSavedStateContinuesIdentically()
    {
        var options = new RandomSearchOptions { Seed = 5, BatchSize = 4, InitialDesign = [[0, 0, 0, 0]] };
        var a = new RandomSearch(Mixed, options);
        var b = new RandomSearch(Mixed, options);
        Assert.Equal(a.Ask().SelectMany(c => c.Coordinates), b.Ask().SelectMany(c => c.Coordinates));
        var partial = a.Ask();
        a.Tell([new Observation(partial[1], 2.0)]);
        StateAssert.ContinuesIdentically(a, new RandomSearch(Mixed, options), x => x.Sum(), 20);
    }

    [Fact]
    public void PartialTellsAndBadInput()
    {
        var search = new RandomSearch(Mixed, new RandomSearchOptions { BatchSize = 2 });
        var batch = search.Ask();
        search.Tell([new Observation(batch[0], double.NaN)]);
        Assert.Equal([batch[1].Id], search.Ask().Select(c => c.Id));
        search.Tell([new Observation(batch[1], 5)]);
        Assert.Equal(5, search.Best!.Value);
        Assert.Throws<ArgumentException>(() => search.Tell([new Observation(batch[1], 5)]));
        Assert.Throws<ArgumentException>(() => new RandomSearch(Mixed, new RandomSearchOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentException>(() => new RandomSearch(Mixed, new RandomSearchOptions { InitialDesign = [[1, 2]] }));
        Assert.Throws<FormatException>(() => search.LoadState(new CmaEs(Mixed).SaveState()));
    }
}

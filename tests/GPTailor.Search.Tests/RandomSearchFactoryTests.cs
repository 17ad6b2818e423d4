namespace GPTailor.Search.Tests;

public sealed class RandomSearchFactoryTests
{
    private static readonly SearchBox Box = SearchBox.Cube(3, 0, 1);

    [Fact]
    public void TheDesignFillsTheFirstBatchesAndRandomDrawsFillTheLastDesignBatch()
    {
        // 20 design points, 17 points per batch: batch 1 = design 0..16, batch 2 = design 17..19 + 14 random draws.
        var design = Enumerable.Range(0, 20).Select(i => (IReadOnlyList<double>)[i / 20.0, 0.5, 0.25]).ToArray();
        var optimizer = new RandomSearchFactory().CreateWithDesign(new OptimizerRequest(Box, null, 7, 100), design);

        Assert.IsType<RandomSearch>(optimizer); // handed the design, not wrapped in a warm start
        var first = optimizer.Ask();
        Assert.Equal(design.Take(17).Select(p => p.ToArray()), first.Select(p => p.Coordinates.ToArray()));
        optimizer.Tell(first.Select(p => new Observation(p, 1)).ToArray());
        var second = optimizer.Ask();
        Assert.Equal(17, second.Count);
        Assert.Equal(design.Skip(17).Select(p => p.ToArray()), second.Take(3).Select(p => p.Coordinates.ToArray()));

        // The random draws are the plain random search's first draws: the design consumes no random numbers.
        var plain = new RandomSearchFactory().Create(new OptimizerRequest(Box, null, 7, 100)).Ask();
        Assert.Equal(plain.Take(14).Select(p => p.Coordinates.ToArray()), second.Skip(3).Select(p => p.Coordinates.ToArray()));
    }

    [Fact]
    public void OtherFactoriesAreWrappedInAWarmStart()
    {
        var factory = new DelegateOptimizerFactory("plain", r => new RandomSearchFactory().Create(r));

        var optimizer = factory.CreateWithDesign(new OptimizerRequest(Box, null, 7, 100), [[0.5, 0.5, 0.5]]);

        Assert.IsType<WarmStartedOptimizer>(optimizer);
    }
}

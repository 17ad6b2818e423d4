using System.Text.Json.Nodes;
using GPTailor.Samples.CustomPlugins;

namespace GPTailor.Core.Tests;

public class OptimizerApiTests
{
    private static readonly SearchBox Box = new([-2, -2, 0], [2, 2, 5], [DimensionKind.Continuous, DimensionKind.Continuous, DimensionKind.Integer]);

    private static double F(IReadOnlyList<double> x) => ((x[0] - 0.7) * (x[0] - 0.7)) + ((x[1] + 0.3) * (x[1] + 0.3)) + Math.Abs(x[2] - 2);

    /// <summary>Asks and tells <paramref name="steps"/> times; returns the bits of every asked coordinate.</summary>
    private static List<long> Run(IZeroOrderOptimizer optimizer, int steps)
    {
        var bits = new List<long>();
        for (var i = 0; i < steps; i++)
        {
            var asked = optimizer.Ask();
            if (asked.Count == 0)
            {
                break;
            }

            bits.AddRange(asked.SelectMany(p => p.Coordinates.Prepend(p.Id)).Select(BitConverter.DoubleToInt64Bits));
            optimizer.Tell(asked.Select(p => new Observation(p, F(p.Coordinates))).ToArray());
        }

        return bits;
    }

    [Fact]
    public void ACustomOptimizerSavedAndLoadedMidwayContinuesBitForBit()
    {
        var uninterrupted = Run(new OnePlusOneOptimizer(Box, [0, 0, 0], 5), 300);

        var first = new OnePlusOneOptimizer(Box, [0, 0, 0], 5);
        var resumed = Run(first, 120);
        first.Ask(); // saved with a point outstanding
        var text = first.SaveState().ToJsonString();
        var second = new OnePlusOneOptimizer(Box, [1, 1, 1], 999);
        second.LoadState(JsonNode.Parse(text)!);
        resumed.AddRange(Run(second, 180));

        Assert.True(uninterrupted.Count > 130 * 4, $"only {uninterrupted.Count / 4} steps");
        Assert.Equal(uninterrupted, resumed);
        Assert.Throws<FormatException>(() => second.LoadState(new JsonObject { ["type"] = "cmaes" }));
        Assert.Throws<FormatException>(() => new OnePlusOneOptimizer(SearchBox.UnitCube(2), [0, 0], 1).LoadState(JsonNode.Parse(text)!));
    }

    [Fact]
    public void SearchRandomRestoresExactlyIncludingTheCachedGaussian()
    {
        var a = new SearchRandom(42);
        a.NextGaussian(); // leaves the second deviate of the pair cached
        var b = SearchRandom.FromState(JsonNode.Parse(a.SaveState().ToJsonString())!);
        var expected = Enumerable.Range(0, 20).Select(i => i % 3 == 0 ? a.NextGaussian() : i % 3 == 1 ? a.NextDouble() : a.NextInt(7)).ToArray();
        var actual = Enumerable.Range(0, 20).Select(i => i % 3 == 0 ? b.NextGaussian() : i % 3 == 1 ? b.NextDouble() : b.NextInt(7)).ToArray();
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(new SearchRandom(1).NextUInt64(), new SearchRandom(2).NextUInt64());
    }

    [Theory]
    [InlineData("{\"type\":\"mt19937\",\"words\":[1,2,3,4]}", "type")]
    [InlineData("{\"type\":\"xoshiro256**\"}", "words")]
    [InlineData("{\"type\":\"xoshiro256**\",\"words\":[1,2,3]}", "four words")]
    [InlineData("{\"type\":\"xoshiro256**\",\"words\":[0,0,0,0]}", "all-zero")]
    [InlineData("{\"type\":\"xoshiro256**\",\"words\":[1,2,3,-4]}", "words[3]")]
    [InlineData("{\"type\":\"xoshiro256**\",\"words\":[1,2,3,4],\"spareGaussian\":\"x\"}", "spareGaussian")]
    [InlineData("[1,2,3,4]", "object")]
    public void BrokenGeneratorStatesAreTypedErrorsNamingTheField(string json, string named)
    {
        var ex = Assert.Throws<FormatException>(() => SearchRandom.FromState(JsonNode.Parse(json)!));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDesignIsEvaluatedFirstAroundAnyOptimizerWhichThenStartsAtTheBestDesignPoint()
    {
        var starts = new List<IReadOnlyList<double>?>();
        var factory = new DelegateOptimizerFactory("one-plus-one", r =>
        {
            starts.Add(r.InitialPoint);
            return new OnePlusOneOptimizer(r.Box, r.InitialPoint ?? r.Box.Lower, r.Seed);
        });
        IReadOnlyList<double>[] design = [[2, 2, 5], [0.5, -0.5, 2], [-2, 0, 0], [1, 1, 1]];
        var request = new OptimizerRequest(Box, [0, 0, 0], 3, 100);
        var optimizer = factory.CreateWithDesign(request, design, batchSize: 3);
        Assert.Empty(starts);
        var first = optimizer.Ask();
        Assert.Equal(design.Take(3), first.Select(p => p.Coordinates));
        optimizer.Tell(first.Select(p => new Observation(p, F(p.Coordinates))).ToArray());
        var second = optimizer.Ask();
        Assert.Equal([design[3]], second.Select(p => p.Coordinates));
        optimizer.Tell(second.Select(p => new Observation(p, F(p.Coordinates))).ToArray());
        Assert.Equal([design[1]], starts);
        var inner = optimizer.Ask();
        Assert.Equal(4, Assert.Single(inner).Id);

        // Saved and loaded into a freshly composed optimizer, the state (inner state nested) continues identically.
        var text = optimizer.SaveState().ToJsonString();
        Assert.Equal("one-plus-one", JsonNode.Parse(text)!["inner"]!["type"]!.GetValue<string>());
        var again = factory.CreateWithDesign(request, design, batchSize: 3);
        again.LoadState(JsonNode.Parse(text)!);
        Assert.Equal(Run(optimizer, 50), Run(again, 50));
        Assert.Equal(4 + 50, ((IOptimizerStatus)optimizer).Evaluations);
        Assert.Throws<FormatException>(() => factory.CreateWithDesign(request, design.Take(2).ToArray()).LoadState(JsonNode.Parse(text)!));

        var direct = factory.CreateWithDesign(request, []);
        Assert.IsType<OnePlusOneOptimizer>(direct);
    }

    [Fact]
    public void WarmStartStateErrorsAreTyped()
    {
        var optimizer = new WarmStartedOptimizer(Box, [[0, 0, 0]], start => new OnePlusOneOptimizer(Box, start, 1));
        var state = optimizer.SaveState().AsObject();
        Assert.Equal("warm-start", state["type"]!.GetValue<string>());
        state["values"] = new JsonArray((JsonNode?)null);
        var ex = Assert.Throws<FormatException>(() => optimizer.LoadState(state));
        Assert.Contains("values[0]", ex.Message, StringComparison.Ordinal);
        var missing = optimizer.SaveState().AsObject();
        missing.Remove("next");
        Assert.Contains("\"next\"", Assert.Throws<FormatException>(() => optimizer.LoadState(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParetoDominanceNeedsNoWorseEverywhereAndBetterSomewhere()
    {
        Assert.True(ParetoDominance.Dominates([1, 2], [1, 3]));
        Assert.False(ParetoDominance.Dominates([1, 3], [1, 3]));
        Assert.False(ParetoDominance.Dominates([0, 4], [1, 3]));
        Assert.Throws<ArgumentException>(() => ParetoDominance.Dominates([1], [1, 2]));
    }
}

using System.Text.Json.Nodes;

namespace GPTailor.Search.Tests;

public sealed class CmaEsStateTests
{
    private static readonly SearchBox MixedBox = new(
        [-5, -5, 0, 0, 0, -3],
        [5, 5, 1, 1, 1, 3],
        [DimensionKind.Continuous, DimensionKind.Continuous, DimensionKind.Binary, DimensionKind.Binary, DimensionKind.Binary, DimensionKind.Integer]);

    private static double Objective(IReadOnlyList<double> x) =>
        TestFunctions.Rosenbrock(x.Take(2).ToArray()) + (1 - x[2]) + x[3] + (1 - x[4]) + Math.Abs(x[5] - 1);

    [Fact]
    public void SavedStateContinuesIdenticallyIncludingAHalfToldGenerationAndRestarts()
    {
        var options = new CmaEsOptions { Seed = 11, Restarts = CmaRestartStrategy.Bipop, MaxRestarts = 5, MaxEvaluations = 6000 };
        var original = new CmaEs(MixedBox, options);
        for (var g = 0; g < 37; g++)
        {
            var asked = original.Ask();
            original.Tell(asked.Select(c => new Observation(c, Objective(c.Coordinates))).ToArray());
        }

        var half = original.Ask();
        original.Tell(half.Take(3).Select(c => new Observation(c, Objective(c.Coordinates))).ToArray());
        var json = original.SaveState().ToJsonString();
        var restored = new CmaEs(MixedBox, options);
        restored.LoadState(JsonNode.Parse(json)!);
        Assert.Equal(json, restored.SaveState().ToJsonString());
        while (original.StopReason == CmaEsStopReason.None)
        {
            var a = original.Ask();
            var b = restored.Ask();
            Assert.Equal(a.Select(c => c.Id), b.Select(c => c.Id));
            Assert.Equal(a.SelectMany(c => c.Coordinates).Select(BitConverter.DoubleToInt64Bits), b.SelectMany(c => c.Coordinates).Select(BitConverter.DoubleToInt64Bits));
            original.Tell(a.Select(c => new Observation(c, Objective(c.Coordinates))).ToArray());
            restored.Tell(b.Select(c => new Observation(c, Objective(c.Coordinates))).ToArray());
        }

        Assert.Equal(original.StopReason, restored.StopReason);
        Assert.Equal(original.Evaluations, restored.Evaluations);
        Assert.Equal(original.Runs, restored.Runs);
        Assert.Equal(original.SaveState().ToJsonString(), restored.SaveState().ToJsonString());
    }

    [Fact]
    public void AskingTwiceReturnsTheUntoldPoints()
    {
        var cma = new CmaEs(MixedBox, new CmaEsOptions { Seed = 1 });
        var first = cma.Ask();
        cma.Tell([new Observation(first[0], 1.0)]);
        var again = cma.Ask();
        Assert.Equal(first.Skip(1).Select(c => c.Id), again.Select(c => c.Id));
    }

    [Fact]
    public void TellingAnUnknownOrRepeatedPointThrows()
    {
        var cma = new CmaEs(MixedBox, new CmaEsOptions { Seed = 1 });
        var asked = cma.Ask();
        Assert.Throws<ArgumentException>(() => cma.Tell([new Observation(new SearchPoint(999, asked[0].Coordinates), 1)]));
        cma.Tell([new Observation(asked[0], 1)]);
        Assert.Throws<ArgumentException>(() => cma.Tell([new Observation(asked[0], 1)]));
    }

    [Fact]
    public void LoadingForeignOrBrokenStateThrowsFormatException()
    {
        var cma = new CmaEs(MixedBox, new CmaEsOptions { Seed = 1 });
        Assert.Throws<FormatException>(() => cma.LoadState(JsonValue.Create("not a state")));
        Assert.Throws<FormatException>(() => cma.LoadState(new JsonObject { ["type"] = "spsa" }));
        Assert.Throws<FormatException>(() => cma.LoadState(new JsonObject { ["type"] = "cmaes", ["pending"] = new JsonArray((JsonNode?)null) }));
        var broken = cma.SaveState().AsObject();
        broken["random"] = new JsonObject { ["type"] = "xoshiro256**", ["words"] = new JsonArray(0, 0, 0, 0) };
        Assert.Throws<FormatException>(() => cma.LoadState(broken));
        var other = new CmaEs(SearchBox.Cube(3, 0, 1));
        Assert.Throws<FormatException>(() => cma.LoadState(other.SaveState()));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new CmaEs(MixedBox, new CmaEsOptions { Sigma0 = -1 }));
        Assert.Throws<ArgumentException>(() => new CmaEs(MixedBox, new CmaEsOptions { Mean0 = [1, 2] }));
        Assert.Throws<ArgumentException>(() => new CmaEs(MixedBox, new CmaEsOptions { PopulationSize = 1 }));
        Assert.Throws<ArgumentException>(() => new CmaEs(MixedBox, new CmaEsOptions { MarginAlpha = 0.7 }));
    }
}

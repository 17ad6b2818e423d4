using System.Text.Json.Nodes;

namespace GPTailor.Search.Tests;

public sealed class SingleFidelitySchedulerTests
{
    private static readonly SearchBox Box = SearchBox.Cube(3, -5, 5);

    [Fact]
    public void EvaluatesEverythingAtTheFullBudgetUntilTheOptimizerStops()
    {
        var optimizer = new RecordingOptimizer(new CmaEs(Box, new CmaEsOptions { Seed = 1, MaxEvaluations = 200 }));
        var scheduler = new SingleFidelityScheduler(optimizer, 1000);
        var trials = 0;
        while (!scheduler.IsComplete)
        {
            var next = scheduler.Next();
            Assert.All(next, r => Assert.Equal(1000, r.Budget));
            trials += next.Count;
            scheduler.Report(next.Select(r => new TrialOutcome(r, TestFunctions.Sphere(r.Point.Coordinates), [])).ToArray());
        }

        Assert.Equal(200, trials);
        Assert.Equal(200, optimizer.Told.Count);
        Assert.Empty(scheduler.Next());
        Assert.Equal(optimizer.Told.Min(o => o.Value), scheduler.Incumbent!.Value);
    }

    [Fact]
    public void SavedStateContinuesIdentically()
    {
        SingleFidelityScheduler Create() => new(new CmaEs(Box, new CmaEsOptions { Seed = 4 }), 500);
        var a = Create();
        for (var i = 0; i < 3; i++)
        {
            var next = a.Next();
            a.Report(next.Select(r => new TrialOutcome(r, TestFunctions.Sphere(r.Point.Coordinates), [])).ToArray());
        }

        var partial = a.Next();
        a.Report([new TrialOutcome(partial[1], 3, [])]);
        var b = Create();
        b.LoadState(StateAssert.ThroughText(a.SaveState()));
        for (var i = 0; i < 10; i++)
        {
            var x = a.Next();
            var y = b.Next();
            Assert.Equal(x.Select(r => (r.Id, string.Join(",", r.Point.Coordinates))), y.Select(r => (r.Id, string.Join(",", r.Point.Coordinates))));
            a.Report(x.Select(r => new TrialOutcome(r, TestFunctions.Sphere(r.Point.Coordinates), [])).ToArray());
            b.Report(y.Select(r => new TrialOutcome(r, TestFunctions.Sphere(r.Point.Coordinates), [])).ToArray());
        }

        Assert.Equal(a.SaveState().ToJsonString(), b.SaveState().ToJsonString());
        Assert.Throws<FormatException>(() => b.LoadState(new JsonObject { ["type"] = "single-fidelity", ["budget"] = 500 }));
        Assert.Throws<ArgumentException>(() => new SingleFidelityScheduler(new CmaEs(Box), 0));
    }
}

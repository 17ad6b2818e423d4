using System.Text.Json.Nodes;

using Xunit.Abstractions;

namespace GPTailor.Search.Tests;

public sealed class HyperbandSchedulerTests(ITestOutputHelper output)
{
    private static readonly SearchBox Box = SearchBox.Cube(2, -5, 5);

    private static double Objective(TrialRequest r) => TestFunctions.Sphere(r.Point.Coordinates) + (1000 - r.Budget) / 1000.0;

    private static TrialOutcome Outcome(TrialRequest r) => new(r, Objective(r), [r.Point.Coordinates[0] * r.Point.Coordinates[0], r.Point.Coordinates[1] * r.Point.Coordinates[1]]);

    private static List<TrialRequest[]> RunStages(ITrialScheduler scheduler, int maxStages = int.MaxValue)
    {
        var stages = new List<TrialRequest[]>();
        while (!scheduler.IsComplete && stages.Count < maxStages)
        {
            var next = scheduler.Next().ToArray();
            if (next.Length == 0)
            {
                break;
            }

            stages.Add(next);
            scheduler.Report(next.Select(Outcome).ToArray());
        }

        return stages;
    }

    [Fact]
    public void OneRoundHasTheReferenceBracketStructure()
    {
        var optimizer = new RecordingOptimizer(new RandomSearch(Box, new RandomSearchOptions { Seed = 1, BatchSize = 17 }));
        var scheduler = new HyperbandScheduler(optimizer, new HyperbandOptions { MaxBrackets = 3, Promotion = PromotionRule.Scalar });
        var stages = RunStages(scheduler);
        Assert.True(scheduler.IsComplete);
        Assert.Empty(scheduler.Next());
        Assert.Equal(new[] { (9, 111), (3, 333), (1, 1000), (5, 333), (1, 1000), (3, 1000) }, stages.Select(s => (s.Length, s[0].Budget)));
        Assert.All(stages, s => Assert.Single(s.Select(r => r.Budget).Distinct()));
        Assert.Equal(22, stages.Sum(s => s.Length));
        Assert.Equal(17, stages.SelectMany(s => s).Select(r => r.Point.Id).Distinct().Count());
        Assert.Equal(17, optimizer.Told.Count);
        Assert.Equal(17, optimizer.Told.Select(o => o.Point.Id).Distinct().Count());
        Assert.Equal(3, scheduler.CompletedBrackets);
    }

    [Fact]
    public void PromotesTheBestByValueAndTellsLevelFirstOrder()
    {
        var optimizer = new RecordingOptimizer(new RandomSearch(Box, new RandomSearchOptions { Seed = 2, BatchSize = 17 }));
        var scheduler = new HyperbandScheduler(optimizer, new HyperbandOptions { MaxBrackets = 3, Promotion = PromotionRule.Scalar, Tell = HyperbandTellMode.LevelEncoded });
        var stages = RunStages(scheduler);
        var top3 = stages[0].OrderBy(Objective).Take(3).Select(r => r.Point.Id).Order();
        Assert.Equal(top3, stages[1].Select(r => r.Point.Id).Order());
        var best = stages[1].OrderBy(Objective).First().Point.Id;
        Assert.Equal(best, stages[2].Single().Point.Id);

        // Highest budget each point reached, and its value there.
        var reached = stages.SelectMany(s => s).GroupBy(r => r.Point.Id).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Budget)!);
        var told = optimizer.Told.ToDictionary(o => o.Point.Id, o => o.Value);
        foreach (var a in reached.Keys)
        {
            foreach (var b in reached.Keys)
            {
                var ra = reached[a];
                var rb = reached[b];
                if (ra.Budget > rb.Budget || (ra.Budget == rb.Budget && Objective(ra) < Objective(rb)))
                {
                    Assert.True(told[a] < told[b]);
                }
            }
        }

        // Finished configurations are told values in (0, 1); those stopped at 111 in (2, 3).
        Assert.All(reached.Where(p => p.Value.Budget == 1000), p => Assert.InRange(told[p.Key], 0, 1));
        Assert.All(reached.Where(p => p.Value.Budget == 111), p => Assert.InRange(told[p.Key], 2, 3));
        var incumbent = reached.Values.Where(r => r.Budget == 1000).MinBy(Objective)!;
        Assert.Equal(incumbent.Point.Id, scheduler.Incumbent!.Request.Point.Id);
    }

    [Fact]
    public void TellsTheValueAtTheHighestBudgetReachedByDefault()
    {
        var optimizer = new RecordingOptimizer(new RandomSearch(Box, new RandomSearchOptions { Seed = 2, BatchSize = 17 }));
        var scheduler = new HyperbandScheduler(optimizer, new HyperbandOptions { MaxBrackets = 3, Promotion = PromotionRule.Scalar });
        var stages = RunStages(scheduler);
        var reached = stages.SelectMany(s => s).GroupBy(r => r.Point.Id).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Budget)!);
        Assert.Equal(17, optimizer.Told.Count);
        Assert.All(optimizer.Told, o => Assert.Equal(Objective(reached[o.Point.Id]), o.Value));
    }

    [Fact]
    public void AutoPromotionUsesParetoRankWithTwoCosts()
    {
        var optimizer = new RandomSearch(Box, new RandomSearchOptions { Seed = 3, BatchSize = 17 });
        var scheduler = new HyperbandScheduler(optimizer, new HyperbandOptions { MaxBrackets = 1 });
        var first = scheduler.Next();
        // Value favours configurations near 0 while the two costs (a, 1 - a) put every configuration on one front,
        // where the extremes of a have infinite crowding distance.
        scheduler.Report(first.Select((r, i) => new TrialOutcome(r, Math.Abs(i - 4), [i, 8 - i])).ToArray());
        var promoted = scheduler.Next().Select(r => r.Point.Id).ToHashSet();
        Assert.Contains(first[0].Point.Id, promoted);
        Assert.Contains(first[8].Point.Id, promoted);
        Assert.Contains(first[4].Point.Id, promoted);
    }

    [Fact]
    public void SuccessiveHalvingRepeatsOneBracket()
    {
        var scheduler = new HyperbandScheduler(new RandomSearch(Box, new RandomSearchOptions { Seed = 1, BatchSize = 9 }),
            new HyperbandOptions { Mode = HyperbandMode.SuccessiveHalving, MaxBrackets = 2 });
        var stages = RunStages(scheduler);
        Assert.Equal(new[] { 9, 3, 1, 9, 3, 1 }, stages.Select(s => s.Length));
    }

    [Fact]
    public void ShortSupplyShrinksTheBracket()
    {
        // CMA-ES with λ = 6 cannot supply 9 new configurations at once: bracket 0 starts with 6 (and promotes 2, then 1).
        var scheduler = new HyperbandScheduler(new CmaEs(Box, new CmaEsOptions { Seed = 1, PopulationSize = 6 }), new HyperbandOptions { MaxBrackets = 1 });
        var stages = RunStages(scheduler);
        Assert.Equal(new[] { 6, 2, 1 }, stages.Select(s => s.Length));
        Assert.Equal(6, ((IOptimizerStatus)scheduler.Optimizer).Evaluations);
    }

    [Fact]
    public void RunsAreDeterministicAndSavedStateContinuesIdentically()
    {
        HyperbandScheduler Create() => new(new CmaEs(Box, new CmaEsOptions { Seed = 7, PopulationSize = 17 }), new HyperbandOptions { MaxBrackets = 12 });
        var a = Create();
        var b = Create();
        Assert.Equal(Flatten(RunStages(a, 7)), Flatten(RunStages(b, 7)));
        var partial = a.Next();
        a.Report(partial.Take(2).Select(Outcome).ToArray());
        var json = a.SaveState().ToJsonString();
        var c = Create();
        c.LoadState(JsonNode.Parse(json)!);
        Assert.Equal(json, c.SaveState().ToJsonString());
        Assert.Equal(Flatten(RunStages(a)), Flatten(RunStages(c)));
        Assert.Equal(a.SaveState().ToJsonString(), c.SaveState().ToJsonString());
        Assert.Equal(12, a.CompletedBrackets);
    }

    [Fact]
    public void FindsTheOptimumOfANoiseFreeProblem()
    {
        var scheduler = new HyperbandScheduler(new CmaEs(Box, new CmaEsOptions { Seed = 3, PopulationSize = 17, Mean0 = [3, -2], Sigma0 = 2 }), new HyperbandOptions { MaxBrackets = 3 * 60 });
        RunStages(scheduler);
        var best = scheduler.Incumbent!;
        output.WriteLine($"{best.Value} at {string.Join(", ", best.Request.Point.Coordinates)}");
        Assert.True(best.Value < 1e-4, $"incumbent {best.Value}");
    }

    [Fact]
    public void BadReportsAreRejected()
    {
        var scheduler = new HyperbandScheduler(new RandomSearch(Box, new RandomSearchOptions { BatchSize = 17 }));
        var next = scheduler.Next();
        var fake = new TrialRequest(999, next[0].Point, next[0].Budget);
        Assert.Throws<ArgumentException>(() => scheduler.Report([new TrialOutcome(fake, 1, [])]));
        scheduler.Report([new TrialOutcome(next[0], 1, [])]);
        Assert.Throws<ArgumentException>(() => scheduler.Report([new TrialOutcome(next[0], 1, [])]));
        Assert.Equal(next.Skip(1).Select(r => r.Id), scheduler.Next().Select(r => r.Id));
        Assert.Throws<FormatException>(() => scheduler.LoadState(new JsonObject()));
    }

    [Fact]
    public void BrokenOrForeignStatesAreFormatErrors()
    {
        HyperbandScheduler Create() => new(new CmaEs(Box, new CmaEsOptions { Seed = 2, PopulationSize = 17 }), new HyperbandOptions { MaxBrackets = 2 });
        var a = Create();
        var first = a.Next();
        a.Report(first.Take(3).Select(Outcome).ToArray());
        var good = a.SaveState().ToJsonString();
        Assert.Equal("hyperband", JsonNode.Parse(good)!["type"]!.GetValue<string>());
        Assert.Equal("cmaes", JsonNode.Parse(good)!["optimizer"]!["type"]!.GetValue<string>());
        Assert.Equal("xoshiro256**", JsonNode.Parse(good)!["optimizer"]!["random"]!["type"]!.GetValue<string>());

        FormatException Broken(Action<JsonObject> edit)
        {
            var node = JsonNode.Parse(good)!.AsObject();
            edit(node);
            return Assert.Throws<FormatException>(() => Create().LoadState(node));
        }

        Broken(n => n["type"] = "single-fidelity");
        Broken(n => n.Remove("optimizer"));
        Broken(n => n["buffer"] = new JsonArray((JsonNode?)null));
        Broken(n => n["current"]!["requests"]![0]!["point"] = null);
        Broken(n => n["incumbent"] = new JsonObject { ["point"] = null });
        Broken(n => n["optimizer"] = new Spsa(Box).SaveState());
        Broken(n => n["optimizer"]!["pending"] = new JsonArray((JsonNode?)null));
        Assert.Contains("random", Broken(n => n["optimizer"]!.AsObject().Remove("random")).Message, StringComparison.Ordinal);
        var c = Create();
        c.LoadState(JsonNode.Parse(good)!);
        Assert.Equal(good, c.SaveState().ToJsonString());
    }

    private static IEnumerable<string> Flatten(List<TrialRequest[]> stages) =>
        stages.SelectMany(s => s).Select(r => $"{r.Id}:{r.Budget}:{string.Join(",", r.Point.Coordinates.Select(BitConverter.DoubleToInt64Bits))}");
}

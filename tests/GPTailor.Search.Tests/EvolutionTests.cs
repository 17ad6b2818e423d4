namespace GPTailor.Search.Tests;

/// <summary>The <c>evolution</c> optimizer: design first, offspring near the best full-budget parents, plan-level deduplication, determinism, resume.</summary>
public sealed class EvolutionTests
{
    /// <summary>12 binary flags then 4 continuous coordinates in [0, 1].</summary>
    private static readonly SearchBox Mixed = new(
        Enumerable.Repeat(0.0, 16).ToArray(),
        Enumerable.Repeat(1.0, 16).ToArray(),
        Enumerable.Repeat(DimensionKind.Binary, 12).Concat(Enumerable.Repeat(DimensionKind.Continuous, 4)).ToArray());

    private static readonly double[] TargetFlags = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0];

    /// <summary>Wrong flags count 1 each; continuous coordinates add 4 (x − 0.3)²: minimum 0.</summary>
    private static double Quadratic(IReadOnlyList<double> x)
    {
        var value = 0.0;
        for (var i = 0; i < 12; i++)
        {
            value += Math.Abs(x[i] - TargetFlags[i]);
        }

        for (var i = 12; i < 16; i++)
        {
            value += 4 * (x[i] - 0.3) * (x[i] - 0.3);
        }

        return value;
    }

    private static int Differences(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b).Count(p => p.First != p.Second);

    [Fact]
    public void BeatsRandomSearchOnAMixedFunctionOnEverySeed()
    {
        // 150 evaluations in batches of 10. Random search draws the 12 right flags with probability 1/4096 per point, so
        // its best has one or more wrong flags; mutating the best points fixes flags a few at a time. Two mutated
        // coordinates on average suit this 16-coordinate function; the default (four, chosen on the 50–200-coordinate
        // GPTailor spaces of the search benchmark) tied random search on one seed here.
        var bests = new List<double>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var evolution = new Evolution(Mixed, new EvolutionOptions { Seed = (ulong)seed, BatchSize = 10, ExtraMutationProbability = 0.5 });
            var random = new RandomSearch(Mixed, new RandomSearchOptions { Seed = (ulong)seed, BatchSize = 10, MaxEvaluations = 150 });
            OptimizerRunner.RunToStop(evolution, Quadratic, 150);
            OptimizerRunner.RunToStop(random, Quadratic, 150);

            Assert.True(evolution.Best!.Value < random.Best!.Value, $"seed {seed}: evolution {evolution.Best.Value} vs random {random.Best.Value}");
            Assert.True(evolution.Offspring > 100, $"offspring {evolution.Offspring}");
            bests.Add(evolution.Best.Value);
        }

        Assert.All(bests, b => Assert.True(b < 1.0, $"a best with a wrong flag: {string.Join(", ", bests)}"));
    }

    [Fact]
    public void TheDesignComesFirstThenOffspringOfTheBestDiffer()
    {
        double[][] design = [Enumerable.Repeat(0.0, 16).ToArray(), Enumerable.Repeat(1.0, 16).ToArray(), [.. TargetFlags, 0.5, 0.5, 0.5, 0.5]];
        var evolution = new Evolution(Mixed, new EvolutionOptions { Seed = 2, BatchSize = 2, InitialDesign = design, RandomProbability = 0, Parents = 1, ExtraMutationProbability = 0.5 });

        var first = evolution.Ask();
        Assert.Equal(design[..2], first.Select(p => p.Coordinates.ToArray()));
        evolution.Tell(first.Select(p => new Observation(p, Quadratic(p.Coordinates))).ToArray());
        var second = evolution.Ask();
        Assert.Equal(design[2], second[0].Coordinates);
        Assert.Equal(1, evolution.Offspring); // the batch's second point: no random points, so a child of the best so far
        evolution.Tell(second.Select(p => new Observation(p, Quadratic(p.Coordinates))).ToArray());

        // The best told point is the third design point; with one parent and no random points every offspring is a
        // distinct copy of it with one or more coordinates changed.
        var children = new List<double[]>();
        for (var i = 0; i < 5; i++)
        {
            var asked = evolution.Ask();
            children.AddRange(asked.Select(p => p.Coordinates.ToArray()));
            evolution.Tell(asked.Select(p => new Observation(p, 100.0)).ToArray()); // worse: the parent stays the best
        }

        Assert.Equal(11, evolution.Offspring);
        Assert.All(children, c => Assert.InRange(Differences(c, design[2]), 1, 16));
        Assert.True(children.Average(c => Differences(c, design[2])) < 3.5, "with ExtraMutationProbability ½, mutations change about two coordinates");
        Assert.Equal(children.Count, children.Distinct(CoordinatesComparer.Instance).Count());
    }

    [Fact]
    public void ParentsAreTheBestAtTheHighestBudgetNotLuckyLowBudgetScores()
    {
        var evolution = new Evolution(Mixed, new EvolutionOptions { Seed = 4, BatchSize = 2, RandomProbability = 0, Parents = 1 });
        var asked = evolution.Ask();
        var (lucky, solid) = (asked[0], asked[1]);
        // The lucky point scores 0 on a small budget only; the solid one reaches the full budget with a worse cost.
        evolution.Observe([new TrialResult(lucky, 10, [0.0], 0.0), new TrialResult(solid, 10, [2.0], 2.0), new TrialResult(solid, 100, [3.0], 3.0)]);
        evolution.Tell([new Observation(lucky, 0.0), new Observation(solid, 3.0)]);

        var children = evolution.Ask();
        Assert.All(children, c => Assert.True(Differences(c.Coordinates, solid.Coordinates) < Differences(c.Coordinates, lucky.Coordinates), "offspring of the full-budget point"));
        Assert.Equal(0.0, evolution.Best!.Value); // the told best is still reported as told
    }

    [Fact]
    public void OffspringThatDecodeToAKnownPlanAreRedrawn()
    {
        // Only the first 3 flags matter: 8 distinct plans. The optimizer must not ask a plan twice while new ones remain.
        static IReadOnlyList<double> Canonical(IReadOnlyList<double> x) => [.. x.Take(3), .. Enumerable.Repeat(0.0, 13)];
        var evolution = new Evolution(Mixed, new EvolutionOptions { Seed = 5, BatchSize = 4, Canonicalize = Canonical });
        var plans = new List<double[]>();
        for (var i = 0; i < 2; i++)
        {
            var asked = evolution.Ask();
            plans.AddRange(asked.Select(p => Canonical(p.Coordinates).ToArray()));
            evolution.Tell(asked.Select(p => new Observation(p, Quadratic(p.Coordinates))).ToArray());
        }

        Assert.Equal(8, plans.Distinct(CoordinatesComparer.Instance).Count());
    }

    [Fact]
    public void InactiveCoordinatesAreNeverMutated()
    {
        // Coordinates 12..15 are inactive: offspring of a parent keep them.
        static IReadOnlyList<bool> Active(IReadOnlyList<double> x) => Enumerable.Range(0, 16).Select(i => i < 12).ToArray();
        var evolution = new Evolution(Mixed, new EvolutionOptions { Seed = 6, BatchSize = 8, RandomProbability = 0, Parents = 1, ActiveDimensions = Active });
        var asked = evolution.Ask(); // random points: no parent yet
        evolution.Tell(asked.Select(p => new Observation(p, Quadratic(p.Coordinates))).ToArray());
        var parent = asked.OrderBy(p => Quadratic(p.Coordinates)).First().Coordinates;
        foreach (var child in evolution.Ask())
        {
            Assert.Equal(parent.Skip(12), child.Coordinates.Skip(12));
        }
    }

    /// <summary>
    /// The layers 400 offspring of one parent change, on 10 layers of 3 continuous coordinates (interleaved, as no space
    /// lays them out). With <see cref="EvolutionOptions.MutationLayers"/> = w the first mutated coordinate is uniform
    /// and the others lie in its layer or the next w − 1, so the earliest changed layer is the first one's: uniform over
    /// 0..9, mean 4.5 (variance 8.25, so ±0.5 is over 3.5 standard errors), and the changed layers span at most w.
    /// Independent draws (w = 0) of 1 + geometric(0.75) coordinates change about four, whose earliest layer is about 2
    /// on average.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    public void MutationsStayWithinMutationLayersFromAUniformFirstLayer(int window)
    {
        var box = new SearchBox(new double[30], Enumerable.Repeat(1.0, 30).ToArray(), Enumerable.Repeat(DimensionKind.Continuous, 30).ToArray());
        var layers = Enumerable.Range(0, 30).Select(d => d % 10).ToArray();
        var parent = Enumerable.Repeat(0.5, 30).ToArray();
        var evolution = new Evolution(box, new EvolutionOptions
        {
            Seed = 11, BatchSize = 8, RandomProbability = 0, Parents = 1, InitialDesign = [parent],
            DimensionLayers = layers, MutationLayers = window,
        });
        var design = evolution.Ask(); // the parent, then random points (nothing told yet)
        evolution.Tell(design.Select(p => new Observation(p, p.Coordinates.SequenceEqual(parent) ? 0.0 : 1.0)).ToArray());
        var firstChanged = new List<int>();
        var spans = new List<int>();
        var changedCounts = new List<int>();
        while (firstChanged.Count < 400)
        {
            var asked = evolution.Ask();
            foreach (var p in asked.Where(p => !p.Coordinates.SequenceEqual(parent)))
            {
                var changed = Enumerable.Range(0, 30).Where(d => p.Coordinates[d] != parent[d]).Select(d => layers[d]).ToArray();
                firstChanged.Add(changed.Min());
                spans.Add(changed.Max() - changed.Min() + 1);
                changedCounts.Add(changed.Length);
            }

            evolution.Tell(asked.Select(p => new Observation(p, p.Coordinates.SequenceEqual(parent) ? 0.0 : 1.0)).ToArray());
        }

        if (window > 0)
        {
            Assert.InRange(firstChanged.Average(), 4.0, 5.0);
            Assert.All(spans, s => Assert.InRange(s, 1, window));
        }
        else
        {
            Assert.InRange(firstChanged.Average(), 0.0, 3.0);
            Assert.Contains(spans, s => s > 3);
        }

        // 1 + geometric(0.75) = 4 on average, capped by the coordinates in the window (3 for one layer).
        Assert.InRange(changedCounts.Average(), window == 1 ? 2.0 : 3.0, window == 1 ? 3.0 : 4.8);
    }

    [Fact]
    public void TheSameSeedAsksTheSamePointsAndASavedStateContinuesIdentically()
    {
        static Evolution Create(ulong seed) => new(Mixed, new EvolutionOptions { Seed = seed, BatchSize = 6 });
        var a = Create(3);
        var b = Create(3);
        OptimizerRunner.RunToStop(a, Quadratic, 36);
        OptimizerRunner.RunToStop(b, Quadratic, 36);
        Assert.Equal(a.SaveState().ToJsonString(), b.SaveState().ToJsonString());

        var restored = Create(3);
        restored.LoadState(StateAssert.ThroughText(a.SaveState()));
        OptimizerRunner.RunToStop(a, Quadratic, 72);
        OptimizerRunner.RunToStop(restored, Quadratic, 72);
        Assert.Equal(a.SaveState().ToJsonString(), restored.SaveState().ToJsonString());

        var other = Create(4);
        OptimizerRunner.RunToStop(other, Quadratic, 72);
        Assert.NotEqual(a.SaveState().ToJsonString(), other.SaveState().ToJsonString());
    }

    [Fact]
    public void UnderHyperbandItResumesIdentically()
    {
        static TrialOutcome Outcome(TrialRequest r) => new(r, Quadratic(r.Point.Coordinates) + ((1000 - r.Budget) / 1000.0), [Quadratic(r.Point.Coordinates), r.Point.Coordinates[12]]);
        static HyperbandScheduler Create() => new(new Evolution(Mixed, new EvolutionOptions { Seed = 9, BatchSize = 17 }), new HyperbandOptions());
        static void Run(ITrialScheduler s, int stages)
        {
            for (var i = 0; i < stages; i++)
            {
                s.Report(s.Next().Select(Outcome).ToArray());
            }
        }

        var scheduler = Create();
        Run(scheduler, 12);
        Assert.True(((Evolution)scheduler.Optimizer).Offspring > 0);
        var restored = Create();
        restored.LoadState(StateAssert.ThroughText(scheduler.SaveState()));
        Run(scheduler, 9);
        Run(restored, 9);
        Assert.Equal(scheduler.SaveState().ToJsonString(), restored.SaveState().ToJsonString());
    }

    [Fact]
    public void BadResultsStatesAndSettingsAreTypedErrors()
    {
        var evolution = new Evolution(Mixed, new EvolutionOptions { Seed = 1 });
        var asked = evolution.Ask().Single();
        Assert.Throws<ArgumentException>(() => evolution.Observe([new TrialResult(asked with { Id = 5 }, 10, [1.0], 1.0)]));
        evolution.Observe([new TrialResult(asked, 10, [], 1.0)]); // no costs: ignored, the told value will rank it
        Assert.Throws<ArgumentException>(() => evolution.Tell([new Observation(asked with { Id = 7 }, 1.0)]));

        var state = evolution.SaveState();
        state["population"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["point"] = new System.Text.Json.Nodes.JsonArray(2.0), ["cost"] = 1.0 });
        Assert.Throws<FormatException>(() => evolution.LoadState(state));
        Assert.Throws<FormatException>(() => evolution.LoadState(new Smac(Mixed, new SmacOptions()).SaveState()));

        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { Parents = 0 }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { RandomProbability = 1.5 }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { ExtraMutationProbability = 1 }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { Step = 0 }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { InitialDesign = [[1.0]] }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { DimensionLayers = [0, 1] }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { DimensionLayers = Enumerable.Repeat(-1, 16).ToArray() }));
        Assert.Throws<ArgumentException>(() => new Evolution(Mixed, new EvolutionOptions { MutationLayers = -1 }));
    }
}

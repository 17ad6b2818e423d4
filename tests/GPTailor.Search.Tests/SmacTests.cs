using System.Text.Json.Nodes;

namespace GPTailor.Search.Tests;

/// <summary>The <c>smac</c> optimizer: acquisition, design, determinism, resume, budgets, ParEGO re-scalarisation.</summary>
public sealed class SmacTests
{
    /// <summary>8 binary flags then 4 continuous coordinates in [0, 1].</summary>
    private static readonly SearchBox Mixed = new(
        Enumerable.Repeat(0.0, 12).ToArray(),
        Enumerable.Repeat(1.0, 12).ToArray(),
        Enumerable.Repeat(DimensionKind.Binary, 8).Concat(Enumerable.Repeat(DimensionKind.Continuous, 4)).ToArray());

    private static readonly double[] TargetFlags = [1, 0, 1, 1, 0, 0, 1, 0];

    /// <summary>A mixed quadratic with its minimum 0 at the target flags and continuous coordinates 0.3.</summary>
    private static double Quadratic(IReadOnlyList<double> x)
    {
        var value = 0.0;
        for (var i = 0; i < 8; i++)
        {
            value += (x[i] - TargetFlags[i]) * (x[i] - TargetFlags[i]);
        }

        for (var i = 8; i < 12; i++)
        {
            value += 4 * (x[i] - 0.3) * (x[i] - 0.3);
        }

        return value;
    }

    private static double BestAfter(IZeroOrderOptimizer optimizer, int evaluations)
    {
        OptimizerRunner.RunToStop(optimizer, Quadratic, evaluations);
        return ((IOptimizerStatus)optimizer).Best!.Value;
    }

    [Fact]
    public void FindsTheOptimumOfAMixedQuadraticInFewEvaluationsAndBeatsRandomSearch()
    {
        // 100 evaluations in batches of 5, over 5 seeds. Random search hits the right 8 flags with probability 1/256
        // per point, so its best usually has a wrong flag (≥ 1); smac must find the right flags on every seed (the
        // continuous part, which a forest models coarsely, only has to be better than random).
        var smac = new List<double>();
        var random = new List<double>();
        var bests = new List<double[]>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var o = new Smac(Mixed, new SmacOptions { Seed = (ulong)seed, BatchSize = 5, MaxEvaluations = 100 });
            smac.Add(BestAfter(o, 100));
            bests.Add(o.Best!.Point.Coordinates.ToArray());
            random.Add(BestAfter(new RandomSearch(Mixed, new RandomSearchOptions { Seed = (ulong)seed, BatchSize = 5, MaxEvaluations = 100 }), 100));
        }

        Assert.All(smac.Zip(random), p => Assert.True(p.First < p.Second, $"smac {p.First} vs random {p.Second}"));
        Assert.All(bests, b => Assert.Equal(TargetFlags, b.Take(8))); // the discrete optimum, every seed
        var medianSmac = smac.Order().ElementAt(2);
        var medianRandom = random.Order().ElementAt(2);
        Assert.True(medianSmac < 0.6 && medianSmac < medianRandom / 3, $"median best {medianSmac} vs random {medianRandom} (smac: {string.Join(", ", smac)}; random: {string.Join(", ", random)})");
    }

    [Fact]
    public void TheSameSeedAsksTheSamePoints()
    {
        var a = new Smac(Mixed, new SmacOptions { Seed = 3, BatchSize = 4 });
        var b = new Smac(Mixed, new SmacOptions { Seed = 3, BatchSize = 4 });
        OptimizerRunner.RunToStop(a, Quadratic, 40);
        OptimizerRunner.RunToStop(b, Quadratic, 40);

        Assert.True(a.Fits > 0);
        Assert.Equal(a.SaveState().ToJsonString(), b.SaveState().ToJsonString());
        var c = new Smac(Mixed, new SmacOptions { Seed = 4, BatchSize = 4 });
        OptimizerRunner.RunToStop(c, Quadratic, 40);
        Assert.NotEqual(a.SaveState().ToJsonString(), c.SaveState().ToJsonString());
    }

    [Fact]
    public void ASavedStateContinuesIdentically()
    {
        var options = () => new SmacOptions { Seed = 5, BatchSize = 6 };
        var original = new Smac(Mixed, options());
        OptimizerRunner.RunToStop(original, Quadratic, 30); // model-based batches from the third on
        Assert.True(original.Fits > 0);

        StateAssert.ContinuesIdentically(original, new Smac(Mixed, options()), Quadratic, 5);
    }

    [Fact]
    public void TheDesignComesFirstAndBatchesAreDistinctNewPoints()
    {
        var design = Enumerable.Range(0, 10).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, 12).Select(j => j < 8 ? (i + j) % 2 : i / 10.0).ToArray()).ToArray();
        var smac = new SmacFactory().CreateWithDesign(new OptimizerRequest(Mixed, null, 2, 100), design);
        Assert.IsType<Smac>(smac); // handed the design, not wrapped in a warm start

        var first = smac.Ask();
        Assert.Equal(17, first.Count);
        Assert.Equal(design.Select(p => p.ToArray()), first.Take(10).Select(p => p.Coordinates.ToArray()));
        var seen = new HashSet<double[]>(CoordinatesComparer.Instance);
        for (var round = 0; round < 4; round++)
        {
            var batch = round == 0 ? first : smac.Ask();
            Assert.All(batch, p => Assert.True(seen.Add(p.Coordinates.ToArray()), "a point was asked twice"));
            Assert.All(batch, p => Assert.True(Mixed.Contains(p.Coordinates)));
            smac.Tell(batch.Select(p => new Observation(p, Quadratic(p.Coordinates))).ToArray());
        }

        Assert.Equal(3, ((Smac)smac).Fits);
    }

    [Fact]
    public void InactiveCoordinatesAreImputedBelowTheBox()
    {
        // Coordinate 1 is active only when coordinate 0 is set.
        var box = new SearchBox([0, 2], [1, 4], [DimensionKind.Binary, DimensionKind.Continuous]);
        var features = new SmacFeatures(box, p => [true, p[0] == 1]);

        Assert.Equal(new[] { 1.0, 0.5 }, features.Of([1, 3]));
        Assert.Equal(new[] { 0.0, -1.0 }, features.Of([0, 3]));
    }

    [Fact]
    public void ParEgoReScalarisesTheWholeHistoryWithFreshWeights()
    {
        // Three results with two objectives; bounds over the history: cost 0 in [0.2, 0.6], cost 1 in [0.1, 0.5].
        SmacRecord Record(long id, double c0, double c1) => new() { PointId = id, Point = [0.5], Budget = 10, Costs = [c0, c1], Value = 99 };
        var history = new[] { Record(0, 0.2, 0.5), Record(1, 0.6, 0.1), Record(2, 0.4, 0.3) };
        var options = new SmacOptions { ParEgo = true, LogTransform = false, Rho = 0.05 };

        var values = SmacSurrogate.Targets(history, history, options, new SearchRandom(17));

        // Hand computation: θ from the same generator, normalised by (Σθ + 1e-10).
        var draw = new SearchRandom(17);
        var u0 = draw.NextDouble();
        var u1 = draw.NextDouble();
        var t0 = u0 / (u0 + u1 + 1e-10);
        var t1 = u1 / (u0 + u1 + 1e-10);
        double Expected(double f0, double f1) => Math.Max(t0 * f0, t1 * f1) + (0.05 * ((t0 * f0) + (t1 * f1)));
        Assert.Equal(Expected(0, 1), values[0], 12);
        Assert.Equal(Expected(1, 0), values[1], 12);
        Assert.Equal(Expected(0.5, 0.5), values[2], 12);

        // Another θ re-scalarises every value (nothing frozen); without ParEGO the recorded values are used.
        var again = SmacSurrogate.Targets(history, history, options, new SearchRandom(18));
        Assert.NotEqual(values[0], again[0]);
        Assert.Equal(new[] { 99.0, 99, 99 }, SmacSurrogate.Targets(history, history, new SmacOptions { LogTransform = false }, new SearchRandom(17)));
    }

    [Fact]
    public void FailedTrialsTakeTheWorstValueAndLogScalingKeepsTheOrder()
    {
        SmacRecord Record(double v) => new() { Point = [0.5], Costs = [v], Value = v };
        var history = new[] { Record(0.5), Record(double.PositiveInfinity), Record(0.25), Record(1.0) };

        var plain = SmacSurrogate.Targets(history, history, new SmacOptions { LogTransform = false }, new SearchRandom(1));
        Assert.Equal(new[] { 0.5, 1.0, 0.25, 1.0 }, plain);

        var logged = SmacSurrogate.Targets(history, history, new SmacOptions(), new SearchRandom(1));
        Assert.Equal(0.0, logged[1], 12); // the largest value maps to log 1
        Assert.True(logged[2] < logged[0] && logged[0] < logged[3]);
        // m = 0.25 − δ, δ = max(p5 − min, 10⁻³·range) = max(0.0375, 0.00075): y ↦ log((y − m)/(1 − m)).
        var m = 0.25 - 0.0375;
        Assert.Equal(Math.Log((0.5 - m) / (1 - m)), logged[0], 12);
    }

    [Fact]
    public void TheSurrogateIsFittedOnTheHighestBudgetWithEnoughResults()
    {
        var random = new Random(3);
        SmacRecord Record(int budget) => new() { Point = [random.NextDouble()], Budget = budget, Costs = [random.NextDouble()], Value = random.NextDouble() };
        var options = new SmacOptions { MinObservations = 4 };
        var features = new SmacFeatures(SearchBox.UnitCube(1), null);
        var history = Enumerable.Range(0, 9).Select(_ => Record(111)).Concat(Enumerable.Range(0, 4).Select(_ => Record(333))).Concat(Enumerable.Range(0, 3).Select(_ => Record(1000))).ToList();

        Assert.Equal(333, SmacSurrogate.Fit(history, options, features, new SearchRandom(1))!.Budget);
        history.Add(Record(1000));
        Assert.Equal(1000, SmacSurrogate.Fit(history, options, features, new SearchRandom(1))!.Budget);
        Assert.Null(SmacSurrogate.Fit(history.Take(3).ToArray(), options, features, new SearchRandom(1)));
    }

    [Fact]
    public void UnderHyperbandItObservesEveryBudgetAndResumesIdentically()
    {
        static TrialOutcome Outcome(TrialRequest r) => new(r, Quadratic(r.Point.Coordinates) + (1000 - r.Budget) / 1000.0, [Quadratic(r.Point.Coordinates), r.Point.Coordinates[8]]);
        HyperbandScheduler Create() => new(new Smac(Mixed, new SmacOptions { Seed = 9, BatchSize = 17, ParEgo = true }), new HyperbandOptions());
        static void Run(ITrialScheduler s, int stages)
        {
            for (var i = 0; i < stages; i++)
            {
                var next = s.Next();
                s.Report(next.Select(Outcome).ToArray());
            }
        }

        var scheduler = Create();
        Run(scheduler, 12); // two rounds of 6 stages, 44 trials
        var smac = (Smac)scheduler.Optimizer;
        Assert.Equal(44, smac.HistoryCount); // every trial, intermediate budgets included
        Assert.True(smac.Fits > 0);

        var restored = Create();
        restored.LoadState(StateAssert.ThroughText(scheduler.SaveState()));
        Run(scheduler, 9);
        Run(restored, 9);
        Assert.Equal(scheduler.SaveState().ToJsonString(), restored.SaveState().ToJsonString());
    }

    [Fact]
    public void ObservingAPointThatWasNotAskedIsAnError()
    {
        var smac = new Smac(Mixed, new SmacOptions { Seed = 1 });
        var asked = smac.Ask().Single();

        Assert.Throws<ArgumentException>(() => smac.Observe([new TrialResult(asked with { Id = 5 }, 10, [1.0], 1.0)]));
        Assert.Throws<ArgumentException>(() => smac.Observe([new TrialResult(asked, 10, [], 1.0)]));
        smac.Observe([new TrialResult(asked, 10, [1.0, 2.0], 1.0)]);
        Assert.Throws<ArgumentException>(() => smac.Observe([new TrialResult(asked, 30, [1.0], 1.0)]));
    }

    [Fact]
    public void BrokenOrForeignStatesAreFormatErrors()
    {
        var smac = new Smac(Mixed, new SmacOptions { Seed = 1 });
        Assert.Throws<FormatException>(() => smac.LoadState(new RandomSearch(Mixed).SaveState()));
        var state = (JsonObject)smac.SaveState();
        state["dimension"] = 3;
        Assert.Throws<FormatException>(() => smac.LoadState(state));

        // Wrong kinds and out-of-box points in the history are format errors, not crashes of the next fit.
        var run = new Smac(Mixed, new SmacOptions { Seed = 1, BatchSize = 4 });
        OptimizerRunner.RunToStop(run, Quadratic, 8);
        var saved = (JsonObject)run.SaveState();
        foreach (var key in saved.Select(kv => kv.Key).Where(k => k != "stopReason").ToArray()) // a string is a valid stop reason
        {
            var broken = (JsonObject)saved.DeepClone();
            broken[key] = "x";
            Assert.Throws<FormatException>(() => new Smac(Mixed, new SmacOptions { Seed = 1, BatchSize = 4 }).LoadState(broken));
        }

        var outside = (JsonObject)saved.DeepClone();
        outside["history"]![0]!["point"]![0] = 0.5; // a binary coordinate that is not 0 or 1
        Assert.Throws<FormatException>(() => new Smac(Mixed, new SmacOptions { Seed = 1, BatchSize = 4 }).LoadState(outside));
    }
}


namespace GPTailor.Search.Tests;

public class WarmStartedOptimizerTests
{
    private static double Sphere(IReadOnlyList<double> x) => x.Sum(v => (v - 0.3) * (v - 0.3));

    private static WarmStartedOptimizer Create(SearchBox box, IReadOnlyList<IReadOnlyList<double>> design, List<IReadOnlyList<double>>? starts = null) =>
        new(box, design, start =>
        {
            starts?.Add(start);
            return new CmaEs(box, new CmaEsOptions { Mean0 = start, Sigma0 = 0.1, Seed = 3 });
        }, batchSize: 3);

    [Fact]
    public void EvaluatesTheDesignFirstThenStartsTheInnerOptimizerAtItsBestPoint()
    {
        var box = SearchBox.UnitCube(4);
        IReadOnlyList<double>[] design = [[0.9, 0.9, 0.9, 0.9], [0.3, 0.3, 0.3, 0.35], [0.0, 1.0, 0.0, 1.0], [0.5, 0.5, 0.5, 0.5]];
        var starts = new List<IReadOnlyList<double>>();
        var optimizer = Create(box, design, starts);
        var asked = new List<IReadOnlyList<double>>();
        while (optimizer.InDesignPhase)
        {
            var batch = optimizer.Ask();
            asked.AddRange(batch.Select(c => c.Coordinates));
            optimizer.Tell(batch.Select(c => new Observation(c, Sphere(c.Coordinates))).ToArray());
        }

        Assert.Equal(design, asked);
        Assert.Equal(design[1], Assert.Single(starts));
        var next = optimizer.Ask();
        Assert.All(next, c => Assert.True(c.Id >= design.Length));
        optimizer.Tell(next.Select(c => new Observation(c, Sphere(c.Coordinates))).ToArray());
        Assert.Equal(design.Length + next.Count, optimizer.Evaluations);
        Assert.True(optimizer.Best!.Value <= Sphere(design[1]));
    }

    [Fact]
    public void TrialResultsOfTheInnerOptimizersPointsArePassedOnWithItsIds()
    {
        var box = SearchBox.UnitCube(2);
        IReadOnlyList<double>[] design = [[0.1, 0.1], [0.9, 0.9]];
        var optimizer = new WarmStartedOptimizer(box, design, _ => new Smac(box, new SmacOptions { Seed = 1, BatchSize = 2 }), batchSize: 2);
        var first = optimizer.Ask();
        optimizer.Observe(first.Select(c => new TrialResult(c, 5, [1.0], 1.0)).ToArray()); // design results: not the inner's
        optimizer.Tell(first.Select(c => new Observation(c, 1.0)).ToArray());
        var inner = (Smac)optimizer.Inner!;
        Assert.Equal(0, inner.HistoryCount);

        var next = optimizer.Ask();
        Assert.All(next, c => Assert.True(c.Id >= 2));
        optimizer.Observe(next.Select(c => new TrialResult(c, 5, [2.0, 3.0], 2.0)).ToArray());
        Assert.Equal(2, inner.HistoryCount); // the inner optimizer's ids 0 and 1: accepted, so the offset was removed
        optimizer.Tell(next.Select(c => new Observation(c, 2.0)).ToArray());
        Assert.Equal(2, inner.HistoryCount); // told values do not add to observed results
    }

    [Fact]
    public void SavedStateContinuesIdentically()
    {
        var box = SearchBox.UnitCube(3);
        IReadOnlyList<double>[] design = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [0.2, 0.2, 0.2]];
        var a = Create(box, design);
        for (var i = 0; i < 4; i++)
        {
            var batch = a.Ask();
            a.Tell(batch.Select(c => new Observation(c, Sphere(c.Coordinates))).ToArray());
        }

        var b = Create(box, design);
        b.LoadState(StateAssert.ThroughText(a.SaveState()));
        for (var i = 0; i < 3; i++)
        {
            var pa = a.Ask();
            var pb = b.Ask();
            Assert.Equal(pa.Select(c => c.Id), pb.Select(c => c.Id));
            Assert.Equal(pa.SelectMany(c => c.Coordinates), pb.SelectMany(c => c.Coordinates));
            a.Tell(pa.Select(c => new Observation(c, Sphere(c.Coordinates))).ToArray());
            b.Tell(pb.Select(c => new Observation(c, Sphere(c.Coordinates))).ToArray());
        }

        Assert.Throws<FormatException>(() => Create(box, design.Take(2).ToArray()).LoadState(a.SaveState()));
    }

    private static InitialDesignRequest Request(ISearchSpace space, int candidates, int seed, int maxPoints) => new(space, 12, 3, candidates, seed, maxPoints);

    [Fact]
    public void InitialDesignProviderCapsTheDesignKeepingTheAllBaseConfigurations()
    {
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 12, CandidateCount = 3, RemoveCount = 3 });
        var provider = new GPTailorInitialDesignProvider();
        Assert.Equal(129, provider.Create(Request(space, 3, 0, 1000)).Count);
        var capped = provider.Create(Request(space, 3, 0, 10));
        Assert.Equal(10, capped.Count);
        Assert.True(capped.Count(p => space.Decode(p).Layers.All(l => l.Merge.Members is [0])) >= 3);
        Assert.All(capped, p => Assert.True(space.Box.Contains(p)));
        Assert.Equal(capped, provider.Create(Request(space, 3, 0, 10)));

        var removalOnly = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 12, CandidateCount = 0, RemoveCount = 3 });
        var heuristics = provider.Create(Request(removalOnly, 0, 0, 24));
        Assert.Equal(3, heuristics.Count);
        Assert.All(heuristics, p => Assert.Equal(3, removalOnly.Decode(p).RemovedLayers.Count));
    }

    [Fact]
    public void InitialDesignProviderEncodesPlansInAnyOtherSearchSpace()
    {
        var inner = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 12, CandidateCount = 3, RemoveCount = 3 });
        var other = new ForwardingSpace(inner);
        var provider = new GPTailorInitialDesignProvider();
        var direct = provider.Create(Request(inner, 3, 0, 1000));
        var viaPlans = provider.Create(Request(other, 3, 0, 1000));
        Assert.Equal(129, viaPlans.Count);
        Assert.Equal(direct.Select(p => inner.Decode(p).ComputeHash()), viaPlans.Select(p => inner.Decode(p).ComputeHash()));
        Assert.Empty(provider.Create(new InitialDesignRequest(other, 12, 4, 3, 0, 1000))); // 4 removals do not fit a 3-removal space
    }

    /// <summary>An <see cref="ISearchSpace"/> that is not a <see cref="GPTailorSearchSpace"/>.</summary>
    private sealed class ForwardingSpace(ISearchSpace inner) : ISearchSpace
    {
        public SearchBox Box => inner.Box;

        public IReadOnlyList<string> DimensionNames => inner.DimensionNames;

        public IReadOnlyList<double> DefaultPoint => inner.DefaultPoint;

        public TailoringPlan Decode(IReadOnlyList<double> point) => inner.Decode(point);

        public double[] Encode(TailoringPlan plan) => inner.Encode(plan);

        public IReadOnlyList<bool> ActiveDimensions(IReadOnlyList<double> point) => inner.ActiveDimensions(point);

        public IReadOnlyList<string> Validate(TailoringPlan plan) => inner.Validate(plan);
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Core.Tests;

public sealed class TailoringRunnerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-runner-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task BuildsTheSpaceThroughTheRegisteredFactoryAndDisposesItsEvaluator()
    {
        var (familyPath, tasksPath) = WriteInputs();
        var family = new FakeFamily(6, 2);
        var evaluator = new AnalyticEvaluator();
        var contexts = new List<SearchSpaceContext>();
        var services = new ServiceCollection();
        services.AddGPTailor(o => o.Optimizer = "hill")
            .AddOptimizer("hill", r => new HillClimber(r.Box, (ulong)r.Seed))
            .UseScheduler(new OneBudgetSchedulers())
            .UseFamilyLoader<FixedLoader>()
            .UseEvaluatorFactory(_ => new FixedFactory(evaluator))
            .UseSearchSpace(context =>
            {
                contexts.Add(context);
                return new GPTailorSearchSpaceFactory().Create(context);
            });
        services.AddSingleton(family);
        using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<TailoringRunner>().SearchAsync(new SearchRequest
        {
            FamilyPath = familyPath,
            TasksPath = tasksPath,
            RunDirectory = Path.Combine(_root, "run"),
            Keep = 4,
            Trials = 8,
            RemovalOnly = true,
        });
        var context = Assert.Single(contexts);
        Assert.Equal(6, context.LayerCount);
        Assert.Equal(2, context.RemoveCount);
        Assert.Equal(0, context.CandidateCount); // removal only
        Assert.Equal(2, context.Family.CandidateCount);
        Assert.Equal(4, result.BestPlan.Layers.Count);
        Assert.All(result.BestPlan.Layers, l => Assert.Equal([0], l.Merge.Members));
        Assert.True(evaluator.Disposed);
        Assert.True(family.Disposed);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task TheOptimizerIsToldTheSpacesActivityLayersAndPlanIdentityAndWhetherTheRunUsesParEgo(bool useParEgo, bool expected)
    {
        var (familyPath, tasksPath) = WriteInputs(); // two tasks
        var requests = new List<OptimizerRequest>();
        var services = new ServiceCollection();
        services.AddGPTailor(o => o.Optimizer = "hill")
            .AddOptimizer("hill", r =>
            {
                requests.Add(r);
                return new HillClimber(r.Box, (ulong)r.Seed);
            })
            .UseScheduler(new OneBudgetSchedulers())
            .UseFamilyLoader<FixedLoader>()
            .UseEvaluatorFactory(_ => new FixedFactory(new AnalyticEvaluator()));
        services.AddSingleton(new FakeFamily(6, 2));
        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<TailoringRunner>().SearchAsync(new SearchRequest
        {
            FamilyPath = familyPath,
            TasksPath = tasksPath,
            RunDirectory = Path.Combine(_root, "run-" + useParEgo),
            Keep = 4,
            Trials = 4,
            InitialDesignSize = 0,
            UseParEgo = useParEgo,
        });

        var request = Assert.Single(requests);
        Assert.Equal(expected, request.ParEgo);
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });
        var point = space.Box.Repair(Enumerable.Range(0, space.Box.Dimension).Select(i => (i * 0.37) % 1).ToArray());
        Assert.Equal(space.ActiveDimensions(point), request.ActiveDimensions!(point));
        Assert.Equal(space.DimensionLayers, request.DimensionLayers);
        Assert.Equal(space.Encode(space.Decode(point)), request.Canonicalize!(point));
    }

    [Fact]
    public void TheDefaultSpaceFollowsTheRequest()
    {
        var request = new SearchRequest { FamilyPath = "f", TasksPath = "t", RunDirectory = "r", Sparsity = 0.25, AnchorMode = AnchorMode.OutputIndex };
        var space = (GPTailorSearchSpace)new GPTailorSearchSpaceFactory().Create(new SearchSpaceContext(new FakeFamily(8, 3), TailoringRunner.RemoveCountOf(8, request), request));
        Assert.Equal(8, space.Options.LayerCount);
        Assert.Equal(3, space.Options.CandidateCount);
        Assert.Equal(2, space.Options.RemoveCount);
        Assert.Equal(AnchorMode.OutputIndex, space.Options.AnchorMode);
        Assert.Throws<ArgumentException>(() => TailoringRunner.RemoveCountOf(8, new SearchRequest { FamilyPath = "f", TasksPath = "t", RunDirectory = "r", Remove = 1, Keep = 7 }));
    }

    private (string Family, string Tasks) WriteInputs()
    {
        var dirs = new[] { "base", "c1", "c2" }.Select(d => Directory.CreateDirectory(Path.Combine(_root, d)).FullName).ToArray();
        var familyPath = Path.Combine(_root, "family.json");
        FamilyManifest.FromDirectories(dirs).Save(familyPath);
        File.WriteAllText(Path.Combine(_root, "keep.jsonl"), "{\"text\":\"a\"}\n");
        File.WriteAllText(Path.Combine(_root, "mix.jsonl"), "{\"text\":\"a\"}\n");
        var tasksPath = Path.Combine(_root, "tasks.json");
        File.WriteAllText(tasksPath, "{\"tasks\":[{\"name\":\"keep\",\"kind\":\"perplexity\",\"path\":\"keep.jsonl\"},{\"name\":\"mix\",\"kind\":\"perplexity\",\"path\":\"mix.jsonl\"}]}");
        return (familyPath, tasksPath);
    }

    private sealed class FixedLoader(FakeFamily family) : IModelFamilyLoader
    {
        public IModelFamily Open(FamilyManifest manifest) => family;
    }

    private sealed class FixedFactory(IFitnessEvaluator evaluator) : IFitnessEvaluatorFactory
    {
        public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks) => evaluator;
    }

    private sealed class OneBudgetSchedulers : ITrialSchedulerFactory
    {
        public ITrialScheduler Create(IZeroOrderOptimizer optimizer, int minBudget, int maxBudget, int seed) => new OneBudgetScheduler(optimizer, 5);
    }
}

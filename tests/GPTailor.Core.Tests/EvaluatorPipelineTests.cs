using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GPTailor.Core.Tests;

public class EvaluatorPipelineTests
{
    private static readonly PropertyInfo InnerProperty = typeof(DelegatingFitnessEvaluator).GetProperty("InnerEvaluator", BindingFlags.Instance | BindingFlags.NonPublic)!;

    [Fact]
    public async Task TheFirstStepAddedIsOutermost()
    {
        var calls = new List<string>();
        var analytic = new AnalyticEvaluator();
        using var evaluator = new FitnessEvaluatorBuilder(analytic)
            .Use(inner => new Tag("outer", inner, calls))
            .Use((inner, _) => new Tag("inner", inner, calls))
            .Build();
        await evaluator.EvaluateAsync(TailoringPlan.Dense(4, 1), new EvaluationBudget(3));
        Assert.Equal(["outer", "inner"], calls);
        Assert.Equal(["outer", "inner"], Chain(evaluator).OfType<Tag>().Select(t => t.Name));
        Assert.Same(analytic, Chain(evaluator)[^1]);
    }

    [Fact]
    public void DependencyInjectionKeepsLoggingInnermostThenCachingThenRegisteredSteps()
    {
        var services = new ServiceCollection();
        services.AddGPTailor()
            .ConfigureEvaluator(p => p.Use(inner => new Tag("first-a", inner)).Use(inner => new Tag("first-b", inner)))
            .ConfigureEvaluator(p => p.Use(inner => new Tag("second", inner)));
        using var provider = services.BuildServiceProvider();
        var analytic = new AnalyticEvaluator();
        using var evaluator = provider.GetRequiredService<FitnessEvaluatorPipeline>().Wrap(analytic);
        var chain = Chain(evaluator).Select(e => e is Tag t ? t.Name : e.GetType().Name).ToArray();
        Assert.Equal(["second", "first-a", "first-b", nameof(CachingFitnessEvaluator), nameof(LoggingFitnessEvaluator), nameof(AnalyticEvaluator)], chain);
    }

    [Fact]
    public void CachingAndLoggingCanBeLeftOut()
    {
        var services = new ServiceCollection();
        services.AddGPTailor(o => o.CacheEvaluations = false);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        using var provider = services.BuildServiceProvider();
        var analytic = new AnalyticEvaluator();
        using var evaluator = provider.GetRequiredService<FitnessEvaluatorPipeline>().Wrap(analytic);
        Assert.Same(analytic, evaluator);
    }

    [Fact]
    public void CreateUsesTheRegisteredFactory()
    {
        var analytic = new AnalyticEvaluator();
        var services = new ServiceCollection();
        services.AddGPTailor().UseEvaluatorFactory(_ => new FixedFactory(analytic));
        using var provider = services.BuildServiceProvider();
        using var evaluator = provider.GetRequiredService<FitnessEvaluatorPipeline>().Create(new FakeFamily(6, 2), Tasks());
        Assert.Same(analytic, evaluator.GetService<AnalyticEvaluator>());
    }

    [Fact]
    public void CreateWithoutAFactoryExplainsWhatToAdd()
    {
        var services = new ServiceCollection();
        services.AddGPTailor();
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<FitnessEvaluatorPipeline>().Create(new FakeFamily(6, 2), Tasks()));
        Assert.Contains("AddTorchSharpModels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetServiceReachesInnerEvaluatorsAndReturnsNullOtherwise()
    {
        var analytic = new AnalyticEvaluator();
        using var evaluator = new FitnessEvaluatorBuilder(analytic).Use(inner => new Tag("outer", inner)).UseCaching().UseLogging(NullLoggerFactory.Instance).Build();
        Assert.Same(evaluator, evaluator.GetService<Tag>());
        Assert.Same(evaluator, evaluator.GetService<IFitnessEvaluator>());
        Assert.NotNull(evaluator.GetService<CachingFitnessEvaluator>());
        Assert.Null(evaluator.GetService<LoggingFitnessEvaluator>()); // skipped: NullLoggerFactory
        Assert.Same(analytic, evaluator.GetService<AnalyticEvaluator>());
        Assert.Null(evaluator.GetService<string>());
        Assert.Null(evaluator.GetService(typeof(CachingFitnessEvaluator), serviceKey: "other"));
        Assert.Same(analytic, evaluator.GetRequiredService<AnalyticEvaluator>());
        Assert.Throws<InvalidOperationException>(() => evaluator.GetRequiredService<string>());
    }

    [Fact]
    public void DisposingTheOutermostEvaluatorDisposesTheWholePipeline()
    {
        var analytic = new AnalyticEvaluator();
        var evaluator = new FitnessEvaluatorBuilder(analytic).Use(inner => new Tag("outer", inner)).UseCaching().UseLogging(LoggerFactory.Create(_ => { })).Build();
        Assert.NotNull(evaluator.GetService<LoggingFitnessEvaluator>());
        Assert.False(analytic.Disposed);
        evaluator.Dispose();
        Assert.True(analytic.Disposed);
    }

    [Fact]
    public void AFailingStepDisposesWhatWasBuilt()
    {
        var analytic = new AnalyticEvaluator();
        var builder = new FitnessEvaluatorBuilder(_ => analytic).Use(_ => throw new InvalidOperationException("step failed")).UseCaching();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.True(analytic.Disposed);
        var nullStep = new FitnessEvaluatorBuilder(new AnalyticEvaluator()).Use(_ => null!);
        Assert.Throws<InvalidOperationException>(() => nullStep.Build());
    }

    private static TaskSet Tasks() => TaskSet.Parse("{\"tasks\":[{\"name\":\"keep\",\"kind\":\"perplexity\",\"path\":\"" + typeof(EvaluatorPipelineTests).Assembly.Location.Replace("\\", "/", StringComparison.Ordinal) + "\"}]}", ".");

    private static List<IFitnessEvaluator> Chain(IFitnessEvaluator evaluator)
    {
        var chain = new List<IFitnessEvaluator> { evaluator };
        while (chain[^1] is DelegatingFitnessEvaluator delegating)
        {
            chain.Add((IFitnessEvaluator)InnerProperty.GetValue(delegating)!);
        }

        return chain;
    }

    [Fact]
    public async Task ACachedAnswerReportsNoWorkCounters()
    {
        using var cache = new CachingFitnessEvaluator(new Counting(new AnalyticEvaluator()));
        var plan = TailoringPlan.Dense(6, 0);
        var first = await cache.EvaluateAsync(plan, new EvaluationBudget(3));
        var again = await cache.EvaluateAsync(plan, new EvaluationBudget(3));
        Assert.Equal(7, first.Counters!["work"]);
        Assert.Null(again.Counters);
        Assert.Equal(first.Scores, again.Scores);
    }

    private sealed class Counting(IFitnessEvaluator inner) : DelegatingFitnessEvaluator(inner)
    {
        public override async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default) =>
            await base.EvaluateAsync(plan, budget, cancellationToken).ConfigureAwait(false) with { Counters = new Dictionary<string, long> { ["work"] = 7 } };
    }

    private sealed class Tag(string name, IFitnessEvaluator inner, List<string>? calls = null) : DelegatingFitnessEvaluator(inner)
    {
        public string Name => name;

        public override Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            calls?.Add(name);
            return base.EvaluateAsync(plan, budget, cancellationToken);
        }
    }

    private sealed class FixedFactory(IFitnessEvaluator evaluator) : IFitnessEvaluatorFactory
    {
        public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks) => evaluator;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GPTailor.Core.Tests;

public class CompositionTests
{
    [Fact]
    public void OptimizersAreResolvedByNameAndLaterRegistrationsWin()
    {
        var services = new ServiceCollection();
        services.AddGPTailor()
            .AddOptimizer("hill", r => new HillClimber(r.Box, (ulong)r.Seed))
            .AddOptimizer("hill", r => new HillClimber(r.Box, (ulong)r.Seed + 1, population: 7));
        using var provider = services.BuildServiceProvider();
        var catalog = provider.GetRequiredService<IOptimizerCatalog>();
        var optimizer = catalog.Get("hill").Create(new OptimizerRequest(SearchBox.UnitCube(3), null, 1, 10));
        Assert.Equal(7, optimizer.Ask().Count);
        var ex = Assert.Throws<KeyNotFoundException>(() => catalog.Get("nope"));
        Assert.Contains("hill", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptionsFailValidation()
    {
        var services = new ServiceCollection();
        services.AddGPTailor(o => o.Optimizer = " ");
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GPTailorOptions>>().Value);
        Assert.Contains("Optimizer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecoratorsWrapTheEvaluatorAndTheCacheAvoidsRepeats()
    {
        var services = new ServiceCollection();
        var seen = new List<string>();
        services.AddGPTailor().ConfigureEvaluator(pipeline => pipeline.Use(inner => new RecordingEvaluator(inner, seen)));
        using var provider = services.BuildServiceProvider();
        var analytic = new AnalyticEvaluator();
        using var evaluator = provider.GetRequiredService<FitnessEvaluatorPipeline>().Wrap(analytic);
        var plan = TailoringPlan.BaseWithout(6, 2, [1, 2]);
        var first = await evaluator.EvaluateAsync(plan, new EvaluationBudget(10));
        var second = await evaluator.EvaluateAsync(plan with { Description = "same plan" }, new EvaluationBudget(10));
        await evaluator.EvaluateAsync(plan, new EvaluationBudget(20));
        Assert.Equal(2, analytic.Calls); // the second call hit the cache (same plan hash and budget)
        Assert.Equal(first.Scores, second.Scores);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task CacheDoesNotKeepFailures()
    {
        var analytic = new AnalyticEvaluator { FailWhen = call => call == 1 };
        var cache = new CachingFitnessEvaluator(analytic);
        var plan = TailoringPlan.Dense(4, 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.EvaluateAsync(plan, new EvaluationBudget(5)));
        var scores = await cache.EvaluateAsync(plan, new EvaluationBudget(5));
        Assert.Equal(2, scores.Scores.Count);
    }

    private sealed class RecordingEvaluator(IFitnessEvaluator inner, List<string> seen) : DelegatingFitnessEvaluator(inner)
    {
        public override Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            seen.Add(plan.ComputeHash());
            return InnerEvaluator.EvaluateAsync(plan, budget, cancellationToken);
        }
    }
}

using Microsoft.Extensions.Logging;

namespace GPTailor.Core.Tests;

public sealed class BudgetCapWarningTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-budgetcap-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ABudgetAboveATasksDocumentsIsWarnedOncePerTask()
    {
        // The "keep" task holds 5 documents, "mix" 100: every trial runs at budget 50.
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });
        var logger = new ListLogger();
        var driver = new SearchDriver(space, new OneBudgetScheduler(new HillClimber(space.Box, 42), 50), new CappedEvaluator(new AnalyticEvaluator()), new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = 12 }, logger);
        await driver.RunAsync(Path.Combine(_root, "run"));
        var warning = Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning);
        Assert.Contains("Budget 50 exceeds the 5 documents of task 'keep'", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetsWithinTheTasksAreNotWarned()
    {
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });
        var logger = new ListLogger();
        var driver = new SearchDriver(space, new OneBudgetScheduler(new HillClimber(space.Box, 42), 5), new CappedEvaluator(new AnalyticEvaluator()), new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = 12 }, logger);
        await driver.RunAsync(Path.Combine(_root, "run"));
        Assert.DoesNotContain(logger.Messages, m => m.Level == LogLevel.Warning);
    }

    /// <summary>Reports the documents a task of 5 ("keep") and one of 100 ("mix") documents would score.</summary>
    private sealed class CappedEvaluator(IFitnessEvaluator inner) : IFitnessEvaluator
    {
        public IReadOnlyList<string> TaskNames => inner.TaskNames;

        public async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            var scores = await inner.EvaluateAsync(plan, budget, cancellationToken);
            return new TaskScores(scores.Scores.Select(s => s with { Documents = Math.Min(budget.Documents, s.Task == "keep" ? 5 : 100) }).ToArray());
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose() => inner.Dispose();
    }

    private sealed class ListLogger : ILogger<SearchDriver>
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}

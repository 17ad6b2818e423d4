
namespace GPTailor.Core.Tests;

public sealed class SearchDriverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-driver-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GPTailorSearchSpace Space() => new(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });

    private static SearchDriver Driver(IFitnessEvaluator evaluator, int maxTrials = 24, int concurrency = 2)
    {
        var space = Space();
        return new SearchDriver(space, new OneBudgetScheduler(new HillClimber(space.Box, 42), 50), evaluator, new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = maxTrials, MaxConcurrency = concurrency });
    }

    [Fact]
    public void AReScalarisingSchedulerIsHandedTheRunsScalarizer()
    {
        var space = Space();
        var scheduler = new ScalarizerRecordingScheduler(new OneBudgetScheduler(new HillClimber(space.Box, 42), 50));
        var scalarizer = new ParEgoScalarizer(2, 3);

        _ = new SearchDriver(space, scheduler, new AnalyticEvaluator(), scalarizer, new SearchDriverOptions { MaxTrials = 4 });

        Assert.Same(scalarizer, scheduler.Scalarizer);
    }

    private sealed class ScalarizerRecordingScheduler(OneBudgetScheduler inner) : ITrialScheduler, IRescalarizingScheduler
    {
        public IScalarizer? Scalarizer { get; private set; }

        public IZeroOrderOptimizer Optimizer => inner.Optimizer;

        public bool IsComplete => inner.IsComplete;

        public IReadOnlyList<TrialRequest> Next() => inner.Next();

        public void Report(IReadOnlyList<TrialOutcome> outcomes) => inner.Report(outcomes);

        public System.Text.Json.Nodes.JsonNode SaveState() => inner.SaveState();

        public void LoadState(System.Text.Json.Nodes.JsonNode state) => inner.LoadState(state);

        public void UseScalarizer(IScalarizer scalarizer) => Scalarizer = scalarizer;
    }

    [Fact]
    public async Task WritesJournalStateAndOutputs()
    {
        var dir = Path.Combine(_root, "run");
        var progress = new List<SearchProgress>();
        var result = await Driver(new AnalyticEvaluator()).RunAsync(dir, progress: new SyncProgress(progress));
        Assert.Equal(24, result.Trials.Count);
        Assert.Equal(24, progress.Count);
        Assert.Equal(24, progress[^1].Trial);
        foreach (var file in new[] { "journal.jsonl", "state.json", "run.json", "best_plan.json", "pareto.json", "trials.csv" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        Assert.Equal(25, File.ReadAllLines(Path.Combine(dir, "trials.csv")).Length);
        Assert.All(result.Trials, t => Assert.NotNull(t.Value));
        Assert.NotEmpty(result.ParetoFront);
        // The best plan minimises the equal-weight sum of costs among the evaluated trials.
        var bestCost = result.BestScores.Costs().Sum();
        Assert.All(result.Trials, t => Assert.True(t.Scores!.Costs().Sum() >= bestCost - 1e-12));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ResumedRunEndsLikeAnUninterruptedOne(int concurrency)
    {
        var reference = await Driver(new AnalyticEvaluator()).RunAsync(Path.Combine(_root, "whole"));

        var dir = Path.Combine(_root, "crashed");
        using var crash = new CancellationTokenSource();
        var crashing = new AnalyticEvaluator { CancelWhen = call => call == 11, Crash = crash };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Driver(crashing, concurrency: concurrency).RunAsync(dir, cancellationToken: crash.Token));
        var before = SearchJournal.Read(Path.Combine(dir, "journal.jsonl")).Count;
        if (concurrency == 1)
        {
            Assert.Equal(10, before); // everything finished before the crash is kept; the trial in flight is lost
        }
        else
        {
            // The other trial in flight may finish before or after the crash, and trials may finish out of order: the
            // journal need not hold a prefix of the search.
            Assert.InRange(before, 9, 11);
        }

        var resumedEvaluator = new AnalyticEvaluator();
        var resumed = await Driver(resumedEvaluator, concurrency: concurrency).RunAsync(dir, resume: true);
        Assert.Equal(24 - before, resumedEvaluator.Calls); // only the lost trials are evaluated again
        Assert.Equal(reference.BestPlan.ComputeHash(), resumed.BestPlan.ComputeHash());
        Assert.Equal(reference.Trials.Select(t => t.Trial), resumed.Trials.Select(t => t.Trial));
        Assert.Equal(reference.Trials.Select(t => t.Plan.ComputeHash()), resumed.Trials.Select(t => t.Plan.ComputeHash()));
        Assert.Equal(reference.Trials.Select(t => t.Value), resumed.Trials.Select(t => t.Value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ReportsProgressAfterEveryFinishedTrial(int concurrency)
    {
        // Batches of 6: progress used to come once per trial but only after the batch, with the batch-end count.
        var space = Space();
        var driver = new SearchDriver(space, new OneBudgetScheduler(new HillClimber(space.Box, 42, population: 6), 50), new AnalyticEvaluator(), new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = 12, MaxConcurrency = concurrency });
        var progress = new List<SearchProgress>();
        await driver.RunAsync(Path.Combine(_root, "progress"), progress: new SyncProgress(progress));
        Assert.Equal(Enumerable.Range(1, 12), progress.Select(p => p.Trial));
        Assert.All(progress, p => Assert.Equal(12, p.MaxTrials));
        Assert.All(progress, p => Assert.NotNull(p.BestScores));
        Assert.All(progress, p => Assert.NotNull(p.Remaining));
        Assert.Equal(TimeSpan.Zero, progress[^1].Remaining);
    }

    [Fact]
    public async Task AResumedRunCountsOnFromTheJournaledTrials()
    {
        var dir = Path.Combine(_root, "progress-resumed");
        using var crash = new CancellationTokenSource();
        var crashing = new AnalyticEvaluator { CancelWhen = call => call == 11, Crash = crash };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Driver(crashing, concurrency: 1).RunAsync(dir, cancellationToken: crash.Token));

        var progress = new List<SearchProgress>();
        await Driver(new AnalyticEvaluator(), concurrency: 1).RunAsync(dir, resume: true, progress: new SyncProgress(progress));
        Assert.Equal(Enumerable.Range(11, 14), progress.Select(p => p.Trial));
    }

    [Fact]
    public async Task RefusesToOverwriteOrToResumeADifferentSearch()
    {
        var dir = Path.Combine(_root, "once");
        await Driver(new AnalyticEvaluator(), maxTrials: 4).RunAsync(dir);
        await Assert.ThrowsAsync<SearchFailedException>(() => Driver(new AnalyticEvaluator(), maxTrials: 4).RunAsync(dir));
        var other = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 3 });
        var different = new SearchDriver(other, new OneBudgetScheduler(new HillClimber(other.Box, 42), 50), new AnalyticEvaluator(), new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = 4, Seed = 5 });
        await Assert.ThrowsAsync<SearchFailedException>(() => different.RunAsync(dir, resume: true));
    }

    [Fact]
    public async Task StopsAfterConsecutiveFailures()
    {
        var failing = new AnalyticEvaluator { FailWhen = _ => true };
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver(failing).RunAsync(Path.Combine(_root, "fail")));
        Assert.Contains("simulated failure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsolatedFailuresAreJournaledAndTheSearchGoesOn()
    {
        var flaky = new AnalyticEvaluator { FailWhen = call => call % 5 == 0 };
        var result = await Driver(flaky, concurrency: 1).RunAsync(Path.Combine(_root, "flaky"));
        var journal = SearchJournal.Read(Path.Combine(_root, "flaky", "journal.jsonl"));
        Assert.Equal(24, journal.Count);
        Assert.Contains(journal, t => t.Error is not null);
        Assert.Equal(journal.Count(t => t.Error is null), result.Trials.Count);
    }

    [Fact]
    public async Task AnUnavailableEvaluatorStopsTheSearchWithoutJournalingTheTrialAndResumeFinishesIt()
    {
        var reference = await Driver(new AnalyticEvaluator(), concurrency: 1).RunAsync(Path.Combine(_root, "whole"));
        var dir = Path.Combine(_root, "unavailable");
        var error = await Assert.ThrowsAsync<EvaluatorUnavailableException>(() => Driver(new UnavailableAt(new AnalyticEvaluator(), 11), concurrency: 1).RunAsync(dir));
        Assert.Equal("no worker left", error.Message);
        var journal = SearchJournal.Read(Path.Combine(dir, "journal.jsonl"));
        Assert.Equal(10, journal.Count); // not recorded as a failed trial: the evaluator's fault, not the plan's
        Assert.All(journal, t => Assert.Null(t.Error));

        var resumed = await Driver(new AnalyticEvaluator(), concurrency: 1).RunAsync(dir, resume: true);
        Assert.Equal(reference.BestPlan.ComputeHash(), resumed.BestPlan.ComputeHash());
        Assert.Equal(reference.Trials.Select(t => t.Value), resumed.Trials.Select(t => t.Value));
    }

    /// <summary>Throws <see cref="EvaluatorUnavailableException"/> on one call (1-based), else forwards.</summary>
    private sealed class UnavailableAt(AnalyticEvaluator inner, int call) : DelegatingFitnessEvaluator(inner)
    {
        private int _calls;

        public override Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == call
                ? throw new EvaluatorUnavailableException("no worker left")
                : base.EvaluateAsync(plan, budget, cancellationToken);
    }

    private sealed class SyncProgress(List<SearchProgress> sink) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}

namespace GPTailor.Distributed.Tests;

public sealed class WorkerPoolTests
{
    private const string Secret = "0123456789abcdef-test-secret";
    private static readonly EvaluationIdentity Identity = EvaluationIdentity.FromLines(["architecture: llama", "layers: 4", "settings: dtype=float32"]);

    private static WorkerClusterOptions Options(double trialTimeoutSeconds = 30, double waitSeconds = 2) => new()
    {
        Secret = Secret,
        TrialTimeout = TimeSpan.FromSeconds(trialTimeoutSeconds),
        WorkerWaitTimeout = TimeSpan.FromSeconds(waitSeconds),
    };

    private static TailoringPlan Plan(int removed) => TailoringPlan.BaseWithout(4, 1, [removed]);

    [Fact]
    public async Task TrialsAreSpreadOverTheWorkersAndScoredAsOneProcessWould()
    {
        var source = new FakeSource(Secret, Identity);
        source.Add("w1");
        source.Add("w2");
        using var evaluator = new WorkerPoolEvaluator(new WorkerPool(source, Identity, Options()), FormulaEvaluator.Tasks);
        var plans = Enumerable.Range(0, 8).Select(i => Plan(i % 4)).ToArray();
        var scores = await Task.WhenAll(plans.Select(p => evaluator.EvaluateAsync(p, new EvaluationBudget(5))));
        for (var i = 0; i < plans.Length; i++)
        {
            Assert.Equal(FormulaEvaluator.Expected(plans[i], 5).Scores, scores[i].Scores);
        }

        Assert.Equal(8, source.Calls.Count);
        Assert.InRange(source.Calls.Count(c => c == "w1"), 2, 6); // both workers took trials
        Assert.Equal(new WorkerPoolStatus(2, 0, 0, 0, 0, 0), evaluator.Pool.Status);
    }

    [Fact]
    public async Task ATrialWhoseWorkerDiesIsRetriedOnAnotherWorker()
    {
        var source = new FakeSource(Secret, Identity);
        source.Add("w1", call => call == 1 ? FakeBehaviour.Die : FakeBehaviour.Answer);
        source.Add("w2");
        var pool = new WorkerPool(source, Identity, Options());
        using var evaluator = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);
        await pool.WaitForWorkersAsync(2, TimeSpan.FromSeconds(5));
        var scores = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => evaluator.EvaluateAsync(Plan(i), new EvaluationBudget(3))));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => FormulaEvaluator.Expected(Plan(i), 3).Scores[1].Value), scores.Select(s => s.Scores[1].Value));
        Assert.Equal(1, pool.Status.Retries);
        Assert.Equal(1, pool.Status.Lost);
        Assert.Equal(1, pool.Status.Alive);
    }

    [Fact]
    public async Task ATrialThatTimesOutIsRetriedOnAnotherWorker()
    {
        var source = new FakeSource(Secret, Identity);
        source.Add("w1", call => call == 1 ? FakeBehaviour.Hang : FakeBehaviour.Answer);
        source.Add("w2", _ => FakeBehaviour.Answer);
        var pool = new WorkerPool(source, Identity, Options(trialTimeoutSeconds: 0.5));
        await pool.WaitForWorkersAsync(2, TimeSpan.FromSeconds(5));
        using var evaluator = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);
        var scores = await evaluator.EvaluateAsync(Plan(2), new EvaluationBudget(3));
        Assert.Equal(FormulaEvaluator.Expected(Plan(2), 3).Scores, scores.Scores);
        Assert.Equal(1, pool.Status.Retries);
        Assert.Equal(2, pool.Status.Alive); // a slow worker stays in the pool
    }

    [Fact]
    public async Task WithoutWorkersTheTrialFailsWithATypedErrorAfterTheWait()
    {
        var source = new FakeSource(Secret, Identity);
        using var evaluator = new WorkerPoolEvaluator(new WorkerPool(source, Identity, Options(waitSeconds: 0.5)), FormulaEvaluator.Tasks);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<NoWorkerAvailableException>(() => evaluator.EvaluateAsync(Plan(1), new EvaluationBudget(3)));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.4, 10);
        Assert.Contains("No worker is alive", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<EvaluatorUnavailableException>(error);
    }

    [Fact]
    public async Task WorkersOfAnotherFamilyOrWithoutTheSecretAreRefusedWithTheReason()
    {
        var source = new FakeSource(Secret, Identity);
        var other = source.Add("other-family", shows: EvaluationIdentity.FromLines(["architecture: llama", "layers: 6", "settings: dtype=float32"]));
        source.Add("stranger", knowsSecret: "a-different-secret-0123456789");
        using var evaluator = new WorkerPoolEvaluator(new WorkerPool(source, Identity, Options(waitSeconds: 0.5)), FormulaEvaluator.Tasks);
        var error = await Assert.ThrowsAsync<NoWorkerAvailableException>(() => evaluator.EvaluateAsync(Plan(1), new EvaluationBudget(3)));
        Assert.Contains("other-family was refused: its family, tasks or settings differ from the driver's: layers: 4 → layers: 6", error.Message, StringComparison.Ordinal);
        Assert.Contains("stranger was refused: it does not know the cluster secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("layers: 4 → layers: 6", other.RefusedWith, StringComparison.Ordinal);
        Assert.Empty(source.Calls); // no trial was sent to either
    }

    [Fact]
    public async Task ATrialThatKillsEveryWorkerItIsTriedOnStopsAfterTheAttempts()
    {
        var source = new FakeSource(Secret, Identity);
        foreach (var name in new[] { "w1", "w2", "w3", "w4" })
        {
            source.Add(name, _ => FakeBehaviour.Die);
        }

        var pool = new WorkerPool(source, Identity, Options());
        await pool.WaitForWorkersAsync(4, TimeSpan.FromSeconds(5));
        using var evaluator = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);
        var error = await Assert.ThrowsAsync<NoWorkerAvailableException>(() => evaluator.EvaluateAsync(Plan(1), new EvaluationBudget(3)));
        Assert.Contains("failed on 3 worker(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, pool.Status.Lost);
    }

    [Fact]
    public async Task WhenEveryWorkerProcessHasExitedTheTrialFailsAtOnceWithHowEachEnded()
    {
        var source = new FakeSource(Secret, Identity);
        var processes = new FakeProcesses(0, new WorkerProcessExit("worker 1", 1, "error: tokenizer.json is not valid JSON"), new WorkerProcessExit("worker 2", 134, null));
        var pool = new WorkerPool(source, Identity, Options(waitSeconds: 30)) { WorkerProcesses = processes };
        using var evaluator = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(0, await pool.WaitForWorkersAsync(2, TimeSpan.FromSeconds(30)));
        var error = await Assert.ThrowsAsync<WorkerProcessesExitedException>(() => evaluator.EvaluateAsync(Plan(1), new EvaluationBudget(3)));

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 10); // not the 30 s + 30 s of the waits
        Assert.Equal(processes.Exits, error.Exits);
        Assert.Contains("All 2 worker processes exited and no worker is alive", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker 1 exited with code 1 (its last stderr line: error: tokenizer.json is not valid JSON)", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker 2 exited with code 134 (it wrote nothing to stderr)", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NoWorkerAvailableException>(error);
    }

    [Fact]
    public async Task WhileAWorkerProcessStillRunsThePoolWaitsForIt()
    {
        var source = new FakeSource(Secret, Identity);
        var processes = new FakeProcesses(1, new WorkerProcessExit("worker 2", 1, "error: crashed"));
        var pool = new WorkerPool(source, Identity, Options(waitSeconds: 0.5)) { WorkerProcesses = processes };
        using var evaluator = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);

        // Two expected, one can still come: the wait is for that one, and it joins.
        var joined = pool.WaitForWorkersAsync(2, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.False(joined.IsCompleted);
        source.Add("w1");
        Assert.Equal(1, await joined);
        Assert.Equal(FormulaEvaluator.Expected(Plan(1), 3).Scores, (await evaluator.EvaluateAsync(Plan(1), new EvaluationBudget(3))).Scores);

        // The last one leaves but its process still runs (it may come back): the usual bounded wait, then the usual error.
        source.Workers["w1"].Active = false;
        await Task.Delay(700); // the pool reads the membership at most every 0.5 s
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<NoWorkerAvailableException>(() => evaluator.EvaluateAsync(Plan(2), new EvaluationBudget(3)));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.4, 10);
        Assert.IsNotType<WorkerProcessesExitedException>(error);
    }
}

/// <summary>Worker processes in a state the test gives.</summary>
internal sealed class FakeProcesses(int running, params WorkerProcessExit[] exits) : IWorkerProcesses
{
    public int Running => running;

    public IReadOnlyList<WorkerProcessExit> Exits => exits;
}

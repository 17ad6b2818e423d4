namespace GPTailor.Distributed.Tests;

/// <summary>Real Orleans silos on loopback, in this process: a driver silo and worker silos with a closed-form evaluator.</summary>
public sealed class OrleansClusterTests
{
    private const string Secret = "0123456789abcdef-cluster-secret";
    private static readonly EvaluationIdentity Identity = EvaluationIdentity.FromLines(["architecture: llama", "layers: 4", "settings: dtype=float32"]);

    private static WorkerClusterOptions Options(string secret = Secret, ClusterAddress? cluster = null) => new()
    {
        Secret = secret,
        Cluster = cluster,
        ClusterId = "test-" + Guid.NewGuid().ToString("N")[..8],
        TrialTimeout = TimeSpan.FromSeconds(20),
        WorkerWaitTimeout = TimeSpan.FromSeconds(3),
    };

    [Fact]
    public async Task TrialsRunOnWorkerSilosAndStrangersWithoutTheSecretCannotSubmitWork()
    {
        var options = Options();
        await using var driver = await DriverCluster.StartAsync(options);
        var workerOptions = Options();
        workerOptions.ClusterId = options.ClusterId;
        workerOptions.Cluster = driver.Address;
        using var evaluator = new FormulaEvaluator();
        await using var worker = await WorkerHost.StartAsync(evaluator, Identity, 4, 1, "cpu", workerOptions);

        var pool = new WorkerPool(driver, Identity, options);
        Assert.Equal(1, await pool.WaitForWorkersAsync(1, TimeSpan.FromSeconds(15)));
        using var remote = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);
        var plan = TailoringPlan.BaseWithout(4, 1, [2]);
        var scores = await remote.EvaluateAsync(plan, new EvaluationBudget(7));
        Assert.Equal(FormulaEvaluator.Expected(plan, 7).Scores, scores.Scores);
        Assert.Equal(1, evaluator.Calls);

        // A stranger joins the cluster with another secret: the worker refuses its calls, and the evaluator never runs.
        var strangerOptions = Options("a-different-secret-0123456789");
        strangerOptions.ClusterId = options.ClusterId;
        strangerOptions.Cluster = driver.Address;
        await using var stranger = await DriverCluster.StartAsync(strangerOptions);
        var key = Assert.Single(stranger.ActiveWorkers()).Key;
        var trial = new TrialMessage(PlanJson.Serialize(plan, indented: false), 7, 0, Identity.Hash);
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => stranger.EvaluateAsync(key, trial, CancellationToken.None));
        Assert.Contains("cluster secret", refused.Message, StringComparison.Ordinal);
        var strangerPool = new WorkerPool(stranger, Identity, strangerOptions);
        var error = await Assert.ThrowsAsync<NoWorkerAvailableException>(() => strangerPool.RunAsync(trial));
        Assert.Contains("does not accept the driver's cluster secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, evaluator.Calls);
    }
}

using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

public sealed class FinalistSelectionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gptailor-finalists-" + Guid.NewGuid().ToString("N"));

    public FinalistSelectionTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheBestFinalistOnMoreDocumentsWinsNotTheLuckiestSearchScore()
    {
        // Search scores (budget 10): plan 0 looks best by luck; on all documents plan 1 is better.
        var evaluator = new TableEvaluator(new Dictionary<int, double> { [0] = 0.50, [1] = 0.85, [2] = 0.60, [3] = 0.99 });
        var result = Result(
            Trial(0, 10, removed: 0, score: 0.90),
            Trial(1, 10, removed: 1, score: 0.80),
            Trial(2, 10, removed: 0, score: 0.70), // the same plan as trial 0: one finalist
            Trial(3, 10, removed: 2, score: 0.75),
            Trial(4, 10, removed: 3, score: 0.10), // outside the top 3
            Trial(5, 3, removed: 4, score: 1.00)); // lower budget: never a finalist
        var chosen = await FinalistSelection.RunAsync(result, evaluator, null, 3, EvaluationBudget.Full);

        Assert.Equal([1], chosen.BestPlan.RemovedLayers);
        Assert.Equal(0.85, chosen.BestScores.Scores[0].Value);
        Assert.Equal(int.MaxValue, chosen.BestBudget);
        Assert.Equal([0L, 1, 3], chosen.Finalists.Select(f => f.Trial));
        Assert.Equal([0, 1, 2], evaluator.Seen);
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, FinalistSelection.FileName)))!.AsArray();
        Assert.Equal([false, true, false], written.Select(n => n!["chosen"]!.GetValue<bool>()));
        Assert.Equal("all", written[0]!["final_budget"]!.GetValue<string>());
        Assert.Equal(chosen.BestPlan.ComputeHash(), PlanJson.Load(Path.Combine(_dir, "best_plan.json")).ComputeHash());
    }

    [Fact]
    public async Task TiesGoToTheEarlierTrialAndCancellationLeavesTheSearchOutputs()
    {
        var evaluator = new TableEvaluator(new Dictionary<int, double> { [0] = 0.7, [1] = 0.7 });
        var result = Result(Trial(0, 10, removed: 0, score: 0.8), Trial(1, 10, removed: 1, score: 0.9));
        var chosen = await FinalistSelection.RunAsync(result, evaluator, null, 5, new EvaluationBudget(50));
        Assert.Equal([0], chosen.BestPlan.RemovedLayers);
        Assert.Equal(50, chosen.BestBudget);

        File.Delete(Path.Combine(_dir, FinalistSelection.FileName));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FinalistSelection.RunAsync(result, evaluator, null, 2, EvaluationBudget.Full, null, cancel.Token));
        Assert.False(File.Exists(Path.Combine(_dir, FinalistSelection.FileName)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FinalistSelection.RunAsync(result, evaluator, null, 0, EvaluationBudget.Full));
    }

    private SearchResult Result(params TrialRecord[] trials) =>
        new(trials[0].Plan, trials[0].Scores!, trials.Max(t => t.Budget), [], trials, _dir);

    private static TrialRecord Trial(long trial, int budget, int removed, double score)
    {
        var plan = TailoringPlan.BaseWithout(6, 2, [removed]);
        return new(trial, trial, trial, budget, [0.5], plan, plan.ComputeHash(), Scores(score, budget), null, 0.1);
    }

    private static TaskScores Scores(double value, int documents) =>
        new([new TaskScore("t", "acc", value, ObjectiveDirection.Maximize, documents)]);

    /// <summary>Scores a plan by its removed layer from a table, whatever the budget; records what it saw.</summary>
    private sealed class TableEvaluator(Dictionary<int, double> table) : IFitnessEvaluator
    {
        public List<int> Seen { get; } = [];

        public IReadOnlyList<string> TaskNames => ["t"];

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        public Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var removed = plan.RemovedLayers.Single();
            Seen.Add(removed);
            return Task.FromResult(Scores(table[removed], budget.Documents));
        }
    }
}

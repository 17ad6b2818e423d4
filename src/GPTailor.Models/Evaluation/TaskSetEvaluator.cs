using System.Diagnostics;

namespace GPTailor.Models;

/// <summary>
/// Scores plans on a task set: each plan is stitched (no copies of unchanged layers), then every task's first N
/// documents (of each subtask, for a group such as <c>mmlu</c>) are scored in batches by a <see cref="TaskSetScorer"/>
/// (multiple choice: acc or acc_norm; perplexity: mean NLL per predicted token, or perplexity; built-in benchmarks with
/// lm-eval's semantics). Cancellation is honoured between batches. Times spent stitching and evaluating are accumulated in
/// <see cref="Statistics"/>; in a pipeline, reach this evaluator with <c>evaluator.GetService&lt;TaskSetEvaluator&gt;()</c>.
/// </summary>
public sealed class TaskSetEvaluator : IFitnessEvaluator
{
    private readonly PlanStitcher _stitcher;
    private readonly TaskSet _tasks;
    private readonly ScoringOptions _scoring;
    private readonly TaskSetScorer _scorer;
    private readonly bool _ownsStitcher;
    private readonly Lock _gate = new();
    private double _stitchSeconds;
    private double _evaluateSeconds;
    private int _evaluations;

    /// <summary>Creates the evaluator; all task data is read and validated now.</summary>
    /// <exception cref="TaskFormatException">A task file is malformed, or text needs a tokenizer the base model lacks.</exception>
    public TaskSetEvaluator(PlanStitcher stitcher, TaskSet tasks, HfTokenizer? tokenizer, ScoringOptions? scoring = null, bool ownsStitcher = false)
    {
        ArgumentNullException.ThrowIfNull(stitcher);
        ArgumentNullException.ThrowIfNull(tasks);
        _stitcher = stitcher;
        _tasks = tasks;
        _scoring = scoring ?? new ScoringOptions();
        _ownsStitcher = ownsStitcher;
        _scorer = new TaskSetScorer(tasks, tokenizer, stitcher.Family.BaseConfig.VocabSize);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> TaskNames => _tasks.Tasks.Select(t => t.Name).ToArray();

    /// <summary>Accumulated time split between stitching and scoring.</summary>
    public EvaluatorStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new EvaluatorStatistics(_evaluations, _stitchSeconds, _evaluateSeconds);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="NonFiniteScoreException">
    /// A task's score is not finite: a NaN or infinite log-likelihood (named by task and document), a perplexity task whose
    /// scored documents predict no token, or a perplexity that overflows.
    /// </exception>
    public Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TaskScores(Evaluate(plan, budget, cancellationToken).Select(r => r.Score).ToArray()));

    /// <summary>
    /// Scores a plan as <see cref="EvaluateAsync"/> does and returns, per task, the lm-eval-style lines (every metric with
    /// its standard error, groups before their members) next to the objective.
    /// </summary>
    /// <exception cref="NonFiniteScoreException">A task's score is not finite.</exception>
    public IReadOnlyList<TaskReport> Evaluate(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        if (budget.Documents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget.Documents, "The budget must be at least one document per task.");
        }

        var watch = Stopwatch.StartNew();
        using var model = _stitcher.Build(plan);
        var stitch = watch.Elapsed.TotalSeconds;
        var reports = _scorer.Score(new SequenceScorer(model.Model, _scoring), budget, cancellationToken);
        model.Dispose();
        TorchRuntime.ReleaseFreeNativeMemory();
        lock (_gate)
        {
            _evaluations++;
            _stitchSeconds += stitch;
            _evaluateSeconds += watch.Elapsed.TotalSeconds - stitch;
        }

        return reports;
    }

    /// <summary>This evaluator for <see cref="TaskSetEvaluator"/> (or any type it is), its stitcher for <see cref="PlanStitcher"/>, else null.</summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">An optional key.</param>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(_stitcher) ? _stitcher
            : null;
    }

    /// <summary>Disposes the stitcher when this evaluator owns it.</summary>
    public void Dispose()
    {
        if (_ownsStitcher)
        {
            _stitcher.Dispose();
        }
    }
}

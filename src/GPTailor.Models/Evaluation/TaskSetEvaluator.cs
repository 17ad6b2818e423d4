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
    /// <summary>Name of the <see cref="TaskScores.Counters"/> entry with the decoder-layer forwards an evaluation ran.</summary>
    public const string LayerForwardsCounter = "layer_forwards";

    /// <summary>Name of the <see cref="TaskScores.Counters"/> entry with the layer forwards the prefix-activation cache saved.</summary>
    public const string LayerForwardsSavedCounter = "layer_forwards_saved";

    private readonly PlanStitcher _stitcher;
    private readonly TaskSet _tasks;
    private readonly ScoringOptions _scoring;
    private readonly TaskSetScorer _scorer;
    private readonly bool _ownsStitcher;
    private readonly PrefixActivationCache? _prefixCache;
    private readonly Lock _gate = new();
    private double _stitchSeconds;
    private double _evaluateSeconds;
    private int _evaluations;
    private long _layerForwardsRun;
    private long _layerForwardsSaved;

    /// <summary>Creates the evaluator; all task data is read and validated now.</summary>
    /// <param name="stitcher">Builds the plans' models.</param>
    /// <param name="tasks">The tasks.</param>
    /// <param name="tokenizer">The base model's tokenizer (needed for multiple-choice and text tasks).</param>
    /// <param name="scoring">Batching and truncation (defaults when null).</param>
    /// <param name="ownsStitcher">Dispose the stitcher with the evaluator.</param>
    /// <param name="prefixCacheBytes">
    /// Byte budget of a <see cref="PrefixActivationCache"/> shared by the evaluations (0: none). Scores are bit-identical
    /// with and without it; see <see cref="Statistics"/> for what it saved.
    /// </param>
    /// <param name="prefixCacheSpillBytes">
    /// Byte budget of the cache's spill tier: on a CUDA device, entries evicted from <paramref name="prefixCacheBytes"/> move
    /// to pinned CPU memory within this budget and are copied back on a hit (0: none; no effect on the CPU device).
    /// </param>
    /// <exception cref="TaskFormatException">A task file is malformed, or text needs a tokenizer the base model lacks.</exception>
    public TaskSetEvaluator(PlanStitcher stitcher, TaskSet tasks, HfTokenizer? tokenizer, ScoringOptions? scoring = null, bool ownsStitcher = false, long prefixCacheBytes = 0, long prefixCacheSpillBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixCacheBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixCacheSpillBytes);
        ArgumentNullException.ThrowIfNull(stitcher);
        ArgumentNullException.ThrowIfNull(tasks);
        _stitcher = stitcher;
        _tasks = tasks;
        _scoring = scoring ?? new ScoringOptions();
        _ownsStitcher = ownsStitcher;
        _scorer = new TaskSetScorer(tasks, tokenizer, stitcher.Family.BaseConfig.VocabSize);
        _prefixCache = prefixCacheBytes > 0 ? new PrefixActivationCache(prefixCacheBytes, prefixCacheSpillBytes) : null;
    }

    /// <summary>The prefix-activation cache (null when off), for tests.</summary>
    internal PrefixActivationCache? PrefixCache => _prefixCache;

    /// <inheritdoc />
    public IReadOnlyList<string> TaskNames => _tasks.Tasks.Select(t => t.Name).ToArray();

    /// <summary>Accumulated time split between stitching and scoring.</summary>
    public EvaluatorStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new EvaluatorStatistics(_evaluations, _stitchSeconds, _evaluateSeconds)
                {
                    LayerForwardsRun = _layerForwardsRun,
                    LayerForwardsSaved = _layerForwardsSaved,
                    PrefixCache = _prefixCache?.Statistics,
                };
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="NonFiniteScoreException">
    /// A task's score is not finite: a NaN or infinite log-likelihood (named by task and document), a perplexity task whose
    /// scored documents predict no token, or a perplexity that overflows.
    /// </exception>
    public Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        var reports = Evaluate(plan, budget, out var counters, cancellationToken);
        return Task.FromResult(new TaskScores(reports.Select(r => r.Score).ToArray()) { Counters = counters });
    }

    /// <summary>
    /// Scores a plan as <see cref="EvaluateAsync"/> does and returns, per task, the lm-eval-style lines (every metric with
    /// its standard error, groups before their members) next to the objective.
    /// </summary>
    /// <exception cref="NonFiniteScoreException">A task's score is not finite.</exception>
    public IReadOnlyList<TaskReport> Evaluate(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default) =>
        Evaluate(plan, budget, out _, cancellationToken);

    private IReadOnlyList<TaskReport> Evaluate(TailoringPlan plan, EvaluationBudget budget, out Dictionary<string, long> counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        if (budget.Documents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget.Documents, "The budget must be at least one document per task.");
        }

        var watch = Stopwatch.StartNew();

        // With a prefix cache, a layer is built when a forward first runs it: one that every batch resumes past is never built.
        using var model = _stitcher.Stitch(plan, deferLayers: _prefixCache is not null);
        var stitch = watch.Elapsed.TotalSeconds;
        _prefixCache?.BeginEvaluation();
        var scorer = new SequenceScorer(model.Model, _scoring, _prefixCache, model.PrefixKeys);
        var reports = _scorer.Score(scorer, budget, cancellationToken);
        stitch += model.DeferredBuildSeconds;
        model.Dispose();
        TorchRuntime.ReleaseFreeNativeMemory();
        lock (_gate)
        {
            _evaluations++;
            _stitchSeconds += stitch;
            _evaluateSeconds += watch.Elapsed.TotalSeconds - stitch;
            _layerForwardsRun += scorer.LayerForwardsRun;
            _layerForwardsSaved += scorer.LayerForwardsSaved;
        }

        counters = new Dictionary<string, long>
        {
            [LayerForwardsCounter] = scorer.LayerForwardsRun,
            [LayerForwardsSavedCounter] = scorer.LayerForwardsSaved,
        };
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
        _prefixCache?.Dispose();
        if (_ownsStitcher)
        {
            _stitcher.Dispose();
        }
    }
}

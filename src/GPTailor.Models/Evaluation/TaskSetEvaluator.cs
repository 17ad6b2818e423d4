using System.Diagnostics;
using System.Globalization;

namespace GPTailor.Models;

/// <summary>
/// Scores plans on a task set: each plan is stitched (no copies of unchanged layers), then every task's first N
/// documents are scored in batches (multiple choice: acc or acc_norm; perplexity: mean NLL per predicted token, or
/// perplexity). Cancellation is honoured between batches. Times spent stitching and evaluating are accumulated in
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
    private readonly HfTokenizer? _tokenizer;
    private readonly ScoringOptions _scoring;
    private readonly MultipleChoiceScorer? _multipleChoice;
    private readonly Dictionary<string, IReadOnlyList<MultipleChoiceDocument>> _choiceDocs = [];
    private readonly Dictionary<string, IReadOnlyList<int[]>> _textDocs = [];
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
    /// <exception cref="TaskFormatException">A task file is malformed, or text needs a tokenizer the base model lacks.</exception>
    public TaskSetEvaluator(PlanStitcher stitcher, TaskSet tasks, HfTokenizer? tokenizer, ScoringOptions? scoring = null, bool ownsStitcher = false, long prefixCacheBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixCacheBytes);
        ArgumentNullException.ThrowIfNull(stitcher);
        ArgumentNullException.ThrowIfNull(tasks);
        _stitcher = stitcher;
        _tasks = tasks;
        _tokenizer = tokenizer;
        _scoring = scoring ?? new ScoringOptions();
        _ownsStitcher = ownsStitcher;
        var vocab = stitcher.Family.BaseConfig.VocabSize;
        foreach (var task in tasks.Tasks)
        {
            if (task.Kind == TaskKind.MultipleChoice)
            {
                if (tokenizer is null)
                {
                    throw new TaskFormatException($"Task '{task.Name}' is multiple choice, but the base model has no tokenizer.");
                }

                _choiceDocs[task.Name] = TaskDataReader.ReadMultipleChoice(task.Path);
            }
            else
            {
                _textDocs[task.Name] = TextDocumentEncoder.Encode(TaskDataReader.ReadText(task.Path, vocabularySize: vocab), tokenizer, vocab);
            }
        }

        _multipleChoice = tokenizer is null ? null : new MultipleChoiceScorer(tokenizer);
        _prefixCache = prefixCacheBytes > 0 ? new PrefixActivationCache(prefixCacheBytes) : null;
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
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        if (budget.Documents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget.Documents, "The budget must be at least one document per task.");
        }

        var watch = Stopwatch.StartNew();
        using var model = _stitcher.Build(plan);
        var stitch = watch.Elapsed.TotalSeconds;
        _prefixCache?.BeginEvaluation();
        var scorer = new SequenceScorer(model.Model, _scoring, _prefixCache, model.PrefixKeys);
        var scores = new List<TaskScore>();
        foreach (var task in _tasks.Tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scores.Add(task.Kind == TaskKind.MultipleChoice ? ScoreChoices(task, scorer, budget, cancellationToken) : ScoreText(task, scorer, budget, cancellationToken));
        }

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

        return Task.FromResult(new TaskScores(scores)
        {
            Counters = new Dictionary<string, long>
            {
                [LayerForwardsCounter] = scorer.LayerForwardsRun,
                [LayerForwardsSavedCounter] = scorer.LayerForwardsSaved,
            },
        });
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

    private TaskScore ScoreChoices(TaskDefinition task, SequenceScorer scorer, EvaluationBudget budget, CancellationToken cancellationToken)
    {
        var docs = _choiceDocs[task.Name];
        var subset = docs.Take(Math.Min(budget.Documents, docs.Count)).ToArray();
        var result = _multipleChoice!.Score(scorer, subset, task.Name, cancellationToken);
        var value = task.Metric == "acc_norm" ? result.NormalizedAccuracy : result.Accuracy;
        return new TaskScore(task.Name, task.Metric, value, ObjectiveDirection.Maximize, subset.Length);
    }

    private TaskScore ScoreText(TaskDefinition task, SequenceScorer scorer, EvaluationBudget budget, CancellationToken cancellationToken)
    {
        var docs = _textDocs[task.Name];
        var subset = docs.Take(Math.Min(budget.Documents, docs.Count)).ToArray();
        var perToken = scorer.TokenLogProbs(subset, cancellationToken: cancellationToken);
        for (var d = 0; d < perToken.Count; d++)
        {
            foreach (var v in perToken[d])
            {
                if (!double.IsFinite(v))
                {
                    throw new NonFiniteScoreException(task.Name, d, string.Create(CultureInfo.InvariantCulture, $"a token's log-probability is {v}; the model's output is not finite"));
                }
            }
        }

        var score = SequenceScorer.Total(perToken);
        if (score.TokenCount == 0)
        {
            throw new NonFiniteScoreException(task.Name, -1, $"no token is predicted in the {subset.Length} document(s) scored (each needs at least two tokens), so the mean NLL is undefined");
        }

        var value = task.Metric == "perplexity" ? score.Perplexity : score.MeanNll;
        if (!double.IsFinite(value))
        {
            throw new NonFiniteScoreException(task.Name, -1, string.Create(CultureInfo.InvariantCulture, $"the {task.Metric} is {value} (mean NLL {score.MeanNll:R} nats per token)"));
        }

        return new TaskScore(task.Name, task.Metric, value, ObjectiveDirection.Minimize, subset.Length);
    }
}

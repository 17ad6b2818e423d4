using System.Globalization;
using GPTailor.Datasets;

namespace GPTailor.Models;

/// <summary>
/// Scores one model on a task set: every task's documents are read and validated once, at construction; each call to
/// <see cref="Score"/> scores the first N documents of each (sub)task under the budget (multiple choice: acc and
/// acc_norm; perplexity: mean NLL per predicted token or perplexity; <c>lambada_openai</c>: perplexity and greedy
/// accuracy) and aggregates groups as lm-eval does. Used by <see cref="TaskSetEvaluator"/> (stitched plans) and for
/// scoring a model directory directly.
/// </summary>
public sealed class TaskSetScorer
{
    private readonly TaskSet _tasks;
    private readonly HfTokenizer? _tokenizer;
    private readonly MultipleChoiceScorer? _multipleChoice;
    private readonly Dictionary<string, IReadOnlyList<MultipleChoiceDocument>> _choiceDocs = [];
    private readonly Dictionary<string, IReadOnlyList<int[]>> _textDocs = [];
    private readonly Dictionary<string, LoadedTask> _loaded = [];

    /// <summary>Reads every task's data.</summary>
    /// <param name="tasks">The task set.</param>
    /// <param name="tokenizer">The model's tokenizer (needed for every task but token-id perplexity data).</param>
    /// <param name="vocabularySize">The model's vocabulary size (token ids are checked against it).</param>
    /// <exception cref="TaskFormatException">A task's data is malformed, or text needs a tokenizer that is missing.</exception>
    public TaskSetScorer(TaskSet tasks, HfTokenizer? tokenizer, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        _tasks = tasks;
        _tokenizer = tokenizer;
        foreach (var task in tasks.Tasks)
        {
            if (task.Kind != TaskKind.Perplexity && tokenizer is null)
            {
                throw new TaskFormatException($"Task '{task.Name}' is scored from text, but the model has no tokenizer.");
            }

            switch (task.Kind)
            {
                case TaskKind.MultipleChoice:
                    _choiceDocs[task.Name] = TaskDataReader.ReadMultipleChoice(task.Path);
                    break;
                case TaskKind.Perplexity:
                    _textDocs[task.Name] = TextDocumentEncoder.Encode(TaskDataReader.ReadText(task.Path, vocabularySize: vocabularySize), tokenizer, vocabularySize);
                    break;
                default:
                    _loaded[task.Name] = TaskLoader.Load(task);
                    break;
            }
        }

        _multipleChoice = tokenizer is null ? null : new MultipleChoiceScorer(tokenizer);
    }

    /// <summary>The task set.</summary>
    public TaskSet Tasks => _tasks;

    /// <summary>Scores every task under <paramref name="budget"/> (the first N documents of each task, or of each subtask of a group).</summary>
    /// <exception cref="NonFiniteScoreException">A score is not finite (named by task and document).</exception>
    public IReadOnlyList<TaskReport> Score(SequenceScorer scorer, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (budget.Documents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget.Documents, "The budget must be at least one document per task.");
        }

        var reports = new List<TaskReport>();
        foreach (var task in _tasks.Tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.Add(task.Kind switch
            {
                TaskKind.MultipleChoice => ScoreChoices(task, scorer, budget, cancellationToken),
                TaskKind.Perplexity => ScoreText(task, scorer, budget, cancellationToken),
                _ => ScoreLoaded(_loaded[task.Name], scorer, budget, cancellationToken),
            });
        }

        return reports;
    }

    private TaskReport ScoreChoices(TaskDefinition task, SequenceScorer scorer, EvaluationBudget budget, CancellationToken cancellationToken)
    {
        var docs = _choiceDocs[task.Name];
        var subset = docs.Take(Math.Min(budget.Documents, docs.Count)).ToArray();
        var result = _multipleChoice!.Score(scorer, subset, task.Name, cancellationToken);
        var value = task.Metric == "acc_norm" ? result.NormalizedAccuracy : result.Accuracy;
        var row = new BenchmarkRow(task.Name, "N/A", subset.Length, new Dictionary<string, MetricValue> { ["acc"] = result.AccuracyValue, ["acc_norm"] = result.NormalizedAccuracyValue }, false);
        return new TaskReport(new TaskScore(task.Name, task.Metric, value, ObjectiveDirection.Maximize, subset.Length), "N/A", [row]);
    }

    private TaskReport ScoreText(TaskDefinition task, SequenceScorer scorer, EvaluationBudget budget, CancellationToken cancellationToken)
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

        var row = new BenchmarkRow(task.Name, "N/A", subset.Length, new Dictionary<string, MetricValue> { ["nll"] = new(score.MeanNll, null), ["perplexity"] = new(score.Perplexity, null) }, false);
        return new TaskReport(new TaskScore(task.Name, task.Metric, value, ObjectiveDirection.Minimize, subset.Length), "N/A", [row]);
    }

    private TaskReport ScoreLoaded(LoadedTask task, SequenceScorer scorer, EvaluationBudget budget, CancellationToken cancellationToken)
    {
        var lines = new Dictionary<string, BenchmarkRow>();
        foreach (var subtask in task.Subtasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(budget.Documents, subtask.Count);
            var metrics = new Dictionary<string, MetricValue>();
            if (task.IsLoglikelihood)
            {
                var (perplexity, accuracy) = LoglikelihoodScorer.Score(_tokenizer!, scorer, subtask.Pairs.Take(n).ToArray(), subtask.Name, cancellationToken);
                metrics["perplexity"] = perplexity;
                metrics["acc"] = accuracy;
            }
            else
            {
                var result = _multipleChoice!.Score(scorer, subtask.Choices.Take(n).ToArray(), subtask.Name, cancellationToken);
                metrics["acc"] = result.AccuracyValue;
                metrics["acc_norm"] = result.NormalizedAccuracyValue;
            }

            lines[subtask.Name] = new BenchmarkRow(subtask.Name, subtask.Version, n, task.Metrics.Where(metrics.ContainsKey).ToDictionary(m => m, m => metrics[m]), false);
        }

        var rows = BenchmarkAggregation.Lines(task, lines);
        var top = rows[0];
        var definition = task.Definition;
        var value = top.Metrics[definition.Metric].Value;
        if (!double.IsFinite(value))
        {
            throw new NonFiniteScoreException(definition.Name, -1, string.Create(CultureInfo.InvariantCulture, $"the {definition.Metric} is {value}"));
        }

        return new TaskReport(new TaskScore(definition.Name, definition.Metric, value, definition.Direction, top.Documents), top.Version, rows);
    }
}

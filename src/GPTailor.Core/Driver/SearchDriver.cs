using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GPTailor;

/// <summary>
/// Runs a search: scheduler (optimizer) → search space → evaluator → scalarizer → scheduler, in batches, with a
/// configurable number of concurrent evaluations. After every finished trial it appends to the journal and reports
/// progress; after every batch it saves the scheduler's and scalarizer's state (<c>state.json</c>). With <c>resume</c>
/// it continues from a run directory: trials already in the journal are reused, so at most the in-flight trials are
/// lost, and the result equals that of an uninterrupted run with the same seed. The run directory is locked for the
/// run's life (a second writer is refused), a resume must describe the same search as <c>run.json</c>, and a trial
/// whose scores are not finite is recorded as failed.
/// </summary>
public sealed partial class SearchDriver
{
    private readonly ISearchSpace _space;
    private readonly ITrialScheduler _scheduler;
    private readonly IFitnessEvaluator _evaluator;
    private readonly IScalarizer _scalarizer;
    private readonly SearchDriverOptions _options;
    private readonly ILogger _logger;
    private readonly BudgetCapWarnings _budgetCaps = new();

    /// <summary>Creates a driver. The scheduler and scalarizer must be freshly constructed with the run's seed.</summary>
    public SearchDriver(ISearchSpace space, ITrialScheduler scheduler, IFitnessEvaluator evaluator, IScalarizer scalarizer, SearchDriverOptions options, ILogger<SearchDriver>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(scalarizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _space = space;
        _scheduler = scheduler;
        _evaluator = evaluator;
        _scalarizer = scalarizer;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        (scheduler as IRescalarizingScheduler)?.UseScalarizer(scalarizer);
    }

    /// <summary>Runs (or resumes) the search in <paramref name="runDirectory"/>.</summary>
    /// <param name="runDirectory">The run directory (created if needed).</param>
    /// <param name="resume">Continue the run in <paramref name="runDirectory"/> instead of starting a new one.</param>
    /// <param name="progress">Told after every finished trial; reports come one at a time, the count going up by one.</param>
    /// <param name="cancellationToken">Stops the search; the journal and the last batch's state are kept for resuming.</param>
    /// <exception cref="SearchFailedException">
    /// Too many failures; another search holds the run directory; or, on resume, the directory holds no run, or one of
    /// a different search or run format.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled; the journal and the last batch's state are kept for resuming.</exception>
    /// <exception cref="EvaluatorUnavailableException">The evaluator cannot evaluate (not the plan's fault): the journal is kept for resuming.</exception>
    public async Task<SearchResult> RunAsync(string runDirectory, bool resume = false, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        var fingerprint = RunFingerprint.Of(_space, _scheduler, _evaluator, _options.Seed, _options.OptimizerName, _options.RunDefinition);
        using var store = new SearchRunStore(runDirectory, resume);
        IReadOnlyList<TrialRecord> journaled = [];
        if (resume)
        {
            journaled = store.Resume(fingerprint, _scheduler, _scalarizer);
            if (store.RemovedTailBytes > 0)
            {
                LogTornTail(_logger, store.Layout.Journal, store.RemovedTailBytes);
            }
        }
        else
        {
            store.Start(fingerprint);
        }

        var numbering = new TrialNumbering(journaled);
        var trials = journaled.OrderBy(t => t.Trial).ToList(); // the journal is in completion order; concurrent trials may finish out of order
        var reporter = new SearchProgressReporter(progress, _options.MaxTrials, _options.SelectionWeights, trials);
        var failures = new ConsecutiveFailureLimit(_options.MaxConsecutiveFailures);
        while (!_scheduler.IsComplete && trials.Count(t => t.IsFinished) < _options.MaxTrials)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = _scheduler.Next();
            if (batch.Count == 0)
            {
                break;
            }

            var results = await EvaluateBatchAsync(numbering.Number(batch, trials, _options.MaxTrials), numbering, store, reporter, cancellationToken).ConfigureAwait(false);
            var fresh = results.OfType<TrialRecord>().Where(r => !numbering.WasJournaled(r.RequestId)).OrderBy(r => r.Trial).ToArray();
            trials.AddRange(fresh);
            trials.Sort((a, b) => a.Trial.CompareTo(b.Trial)); // a resumed batch may refill a trial lost before later ones finished
            foreach (var record in fresh)
            {
                failures.Observe(record);
            }

            if (results.Any(r => r is null))
            {
                break; // trial limit reached inside a batch: the partial batch stays in the journal for a longer resumed run
            }

            var outcomes = BatchOutcomes.Scalarize(_scalarizer, _evaluator.TaskNames.Count, batch, Array.ConvertAll(results, r => r!));
            _scheduler.Report(outcomes.Outcomes);
            store.AppendBatch(outcomes.Values);
            AttachValues(trials, outcomes.Values);
            store.SaveState(_scheduler, _scalarizer);
        }

        var result = Result(trials, runDirectory) ?? throw new SearchFailedException("No trial succeeded; nothing to report.");
        store.WriteOutputs(result);
        return _options.Finalists == 0
            ? result
            : await FinalistSelection.RunAsync(result, _evaluator, _options.SelectionWeights, _options.Finalists, _options.FinalistBudget, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates the batch's new trials (starting in batch order), journaling and reporting each as it finishes.</summary>
    /// <returns>The trial of each batch position: reused, evaluated, or null where the trial limit left no room.</returns>
    private async Task<TrialRecord?[]> EvaluateBatchAsync(NumberedBatch numbered, TrialNumbering numbering, SearchRunStore store, SearchProgressReporter reporter, CancellationToken cancellationToken)
    {
        var results = numbered.Reused.ToArray();
        await Parallel.ForEachAsync(
            numbered.ToEvaluate,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var record = await EvaluateAsync(item, token).ConfigureAwait(false);
                foreach (var (task, budget, documents) in _budgetCaps.Observe(record))
                {
                    LogBudgetExceedsDocuments(_logger, budget, task, documents);
                }

                store.AppendTrial(record);
                results[item.Index] = record;
                if (!numbering.WasJournaled(record.RequestId))
                {
                    reporter.TrialFinished(record);
                }
            }).ConfigureAwait(false);
        return results;
    }

    private static void AttachValues(List<TrialRecord> trials, IReadOnlyDictionary<long, double> values)
    {
        for (var i = 0; i < trials.Count; i++)
        {
            if (values.TryGetValue(trials[i].RequestId, out var v))
            {
                trials[i] = trials[i] with { Value = v };
            }
        }
    }

    private SearchResult? Result(IReadOnlyList<TrialRecord> trials, string runDirectory)
    {
        var best = TrialSelection.Best(trials, _options.SelectionWeights);
        return best is null
            ? null
            : new SearchResult(best.Plan, best.Scores!, best.Budget, TrialSelection.ParetoFront(trials, best.Budget), trials.Where(t => t.Scores is not null).ToArray(), runDirectory);
    }

    private async Task<TrialRecord> EvaluateAsync(NumberedRequest item, CancellationToken cancellationToken)
    {
        var request = item.Request;
        var plan = _space.Decode(request.Point.Coordinates);
        var hash = plan.ComputeHash();
        var watch = Stopwatch.StartNew();
        try
        {
            var scores = await _evaluator.EvaluateAsync(plan, new EvaluationBudget(request.Budget, _options.Seed), cancellationToken).ConfigureAwait(false);
            if (NonFinite(scores) is { } error)
            {
                LogTrialFailed(_logger, item.Trial, error);
                return new TrialRecord(item.Trial, request.Id, request.Point.Id, request.Budget, request.Point.Coordinates, plan, hash, null, error, watch.Elapsed.TotalSeconds) { FailedNonFinite = true };
            }

            LogTrial(_logger, item.Trial, request.Budget, watch.Elapsed.TotalSeconds);
            return new TrialRecord(item.Trial, request.Id, request.Point.Id, request.Budget, request.Point.Coordinates, plan, hash, scores, null, watch.Elapsed.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not EvaluatorUnavailableException)
        {
            LogTrialFailed(_logger, item.Trial, ex.Message);
            var error = ex is NonFiniteScoreException ? NonFiniteErrorPrefix + ex.Message : ex.GetType().Name + ": " + ex.Message;
            return new TrialRecord(item.Trial, request.Id, request.Point.Id, request.Budget, request.Point.Coordinates, plan, hash, null, error, watch.Elapsed.TotalSeconds) { FailedNonFinite = ex is NonFiniteScoreException };
        }
    }

    /// <summary>
    /// How the error of a trial whose plan scores non-finite numbers begins (a NaN model: a property of the plan, recorded
    /// as a failed trial with the worst cost, as the reference code does; see <see cref="TrialRecord.FailedNonFinite"/>).
    /// </summary>
    internal const string NonFiniteErrorPrefix = "non-finite score: ";

    /// <summary>The error of a trial whose scores are not all finite (it counts as failed: worst cost); null when they are.</summary>
    internal static string? NonFinite(TaskScores scores)
    {
        var bad = scores.Scores.Where(s => !double.IsFinite(s.Value)).ToArray();
        return bad.Length == 0
            ? null
            : NonFiniteErrorPrefix + string.Join(", ", bad.Select(s => $"{s.Task} {s.Metric} = {s.Value.ToString(CultureInfo.InvariantCulture)}"));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Trial {Trial} evaluated at budget {Budget} in {Seconds:F2} s")]
    private static partial void LogTrial(ILogger logger, long trial, int budget, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Trial {Trial} failed: {Error}")]
    private static partial void LogTrialFailed(ILogger logger, long trial, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Budget {Budget} exceeds the {Documents} documents of task '{Task}': every budget at or above that count evaluates the same documents, so higher Hyperband stages repeat the same evaluation (choose budgets no larger than the task, or give it more documents)")]
    private static partial void LogBudgetExceedsDocuments(ILogger logger, int budget, string task, int documents);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Journal}: a torn last line ({Bytes} bytes, a write cut short) was removed before resuming")]
    private static partial void LogTornTail(ILogger logger, string journal, long bytes);
}

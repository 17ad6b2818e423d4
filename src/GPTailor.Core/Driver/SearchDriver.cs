using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GPTailor;

/// <summary>
/// Runs a search: scheduler (optimizer) → search space → evaluator → scalarizer → scheduler, in batches, with a
/// configurable number of concurrent evaluations. After every finished trial it appends to the journal; after every
/// batch it saves the scheduler's and scalarizer's state (<c>state.json</c>). With <c>resume</c> it continues from a
/// run directory: trials already in the journal are reused, so at most the in-flight trials are lost, and the result
/// equals that of an uninterrupted run with the same seed.
/// </summary>
public sealed partial class SearchDriver
{
    private readonly ISearchSpace _space;
    private readonly ITrialScheduler _scheduler;
    private readonly IFitnessEvaluator _evaluator;
    private readonly IScalarizer _scalarizer;
    private readonly SearchDriverOptions _options;
    private readonly ILogger _logger;

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
    }

    /// <summary>Runs (or resumes) the search in <paramref name="runDirectory"/>.</summary>
    /// <exception cref="SearchFailedException">Too many failures, or the run directory belongs to a different search.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the journal and the last batch's state are kept for resuming.</exception>
    public async Task<SearchResult> RunAsync(string runDirectory, bool resume = false, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        Directory.CreateDirectory(runDirectory);
        var layout = new RunDirectoryLayout(runDirectory);
        var fingerprint = Fingerprint();
        var previous = PrepareRun(layout, fingerprint, resume);
        var reusable = previous.Where(t => t.Scores is not null || t.Error is not null).GroupBy(t => t.RequestId).ToDictionary(g => g.Key, g => g.Last());
        var trials = previous.OrderBy(t => t.Trial).ToList(); // the journal is in completion order; concurrent trials may finish out of order
        var stopwatch = Stopwatch.StartNew();
        var evaluatedThisRun = 0;
        var failuresInARow = 0;

        using var journal = SearchJournal.Open(layout.Journal);
        while (!_scheduler.IsComplete && trials.Count(t => t.Scores is not null || t.Error is not null) < _options.MaxTrials)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = _scheduler.Next();
            if (batch.Count == 0)
            {
                break;
            }

            var done = trials.Count;
            var room = _options.MaxTrials - done;
            var results = new TrialRecord[batch.Count];
            // A trial's number is its position in the whole search (trials of earlier batches, then its place in this
            // batch), so a resumed run numbers every trial as the uninterrupted run did, whichever trials of the batch
            // had finished before the interruption.
            var inBatch = batch.Select(r => r.Id).ToHashSet();
            var number = trials.Count(t => !inBatch.Contains(t.RequestId));
            var work = new List<(int Index, TrialRequest Request, int TrialNumber)>();
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                if (reusable.TryGetValue(request.Id, out var known) && known.Point.SequenceEqual(request.Point.Coordinates))
                {
                    results[i] = known;
                    number++;
                    continue;
                }

                if (room-- <= 0)
                {
                    continue;
                }

                work.Add((i, request, number++));
            }

            // Trials start in batch order (strictly one after another with MaxConcurrency 1).
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    var record = await EvaluateAsync(item.TrialNumber, item.Request, token).ConfigureAwait(false);
                    journal.AppendTrial(record);
                    results[item.Index] = record;
                }).ConfigureAwait(false);
            var fresh = results.Where(r => r is not null && !reusable.ContainsKey(r.RequestId)).OrderBy(r => r.Trial).ToArray();
            trials.AddRange(fresh);
            trials.Sort((a, b) => a.Trial.CompareTo(b.Trial)); // a resumed batch may refill a trial lost before later ones finished
            evaluatedThisRun += fresh.Length;
            foreach (var record in fresh)
            {
                failuresInARow = record.Error is null ? 0 : failuresInARow + 1;
                if (failuresInARow >= _options.MaxConsecutiveFailures)
                {
                    throw new SearchFailedException($"{failuresInARow} trials failed in a row; last error: {record.Error}");
                }

                progress?.Report(MakeProgress(trials, record, stopwatch.Elapsed, evaluatedThisRun));
            }

            if (results.Any(r => r is null))
            {
                break; // trial limit reached inside a batch: the partial batch stays in the journal for a longer resumed run
            }

            var values = Tell(batch, results);
            journal.AppendBatch(values);
            for (var i = 0; i < trials.Count; i++)
            {
                if (values.TryGetValue(trials[i].RequestId, out var v))
                {
                    trials[i] = trials[i] with { Value = v };
                }
            }

            SaveState(layout);
        }

        var result = SearchOutputs.Build(trials, _options.SelectionWeights, runDirectory)
            ?? throw new SearchFailedException("No trial succeeded; nothing to report.");
        SearchOutputs.Write(result, layout);
        return result;
    }

    private Dictionary<long, double> Tell(IReadOnlyList<TrialRequest> batch, TrialRecord[] results)
    {
        _scalarizer.BeginIteration();
        foreach (var r in results.Where(r => r.Scores is not null).OrderBy(r => r.RequestId))
        {
            _scalarizer.Observe(r.Scores!.Costs());
        }

        var outcomes = new List<TrialOutcome>();
        var values = new Dictionary<long, double>();
        for (var i = 0; i < batch.Count; i++)
        {
            var r = results[i];
            var costs = r.Scores?.Costs() ?? Enumerable.Repeat(double.PositiveInfinity, _evaluator.TaskNames.Count).ToArray();
            var value = r.Scores is null ? double.PositiveInfinity : _scalarizer.Scalarize(costs);
            values[batch[i].Id] = value;
            outcomes.Add(new TrialOutcome(batch[i], value, costs));
        }

        _scheduler.Report(outcomes);
        return values;
    }

    private async Task<TrialRecord> EvaluateAsync(int trialNumber, TrialRequest request, CancellationToken cancellationToken)
    {
        var plan = _space.Decode(request.Point.Coordinates);
        var watch = Stopwatch.StartNew();
        try
        {
            var scores = await _evaluator.EvaluateAsync(plan, new EvaluationBudget(request.Budget, _options.Seed), cancellationToken).ConfigureAwait(false);
            LogTrial(_logger, trialNumber, request.Budget, watch.Elapsed.TotalSeconds);
            return new TrialRecord(trialNumber, request.Id, request.Point.Id, request.Budget, request.Point.Coordinates, plan, scores, null, watch.Elapsed.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTrialFailed(_logger, trialNumber, ex.Message);
            return new TrialRecord(trialNumber, request.Id, request.Point.Id, request.Budget, request.Point.Coordinates, plan, null, ex.GetType().Name + ": " + ex.Message, watch.Elapsed.TotalSeconds);
        }
    }

    private IReadOnlyList<TrialRecord> PrepareRun(RunDirectoryLayout layout, JsonObject fingerprint, bool resume)
    {
        var hasJournal = File.Exists(layout.Journal) && new FileInfo(layout.Journal).Length > 0;
        if (!resume)
        {
            if (hasJournal)
            {
                throw new SearchFailedException($"{layout.Directory} already holds a search journal; pass resume to continue it or choose another directory.");
            }

            File.WriteAllText(layout.Run, fingerprint.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return [];
        }

        if (File.Exists(layout.Run))
        {
            var stored = JsonNode.Parse(File.ReadAllText(layout.Run))!.ToJsonString();
            if (stored != fingerprint.ToJsonString())
            {
                throw new SearchFailedException($"{layout.Run} describes a different search (space, optimizer, tasks or seed differ); refusing to resume into it.");
            }
        }
        else
        {
            File.WriteAllText(layout.Run, fingerprint.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        if (File.Exists(layout.State))
        {
            var state = JsonNode.Parse(File.ReadAllText(layout.State))!.AsObject();
            _scheduler.LoadState(state["scheduler"] ?? throw new FormatException($"{layout.State} lacks the scheduler state."));
            if (state["scalarizer"] is { } s)
            {
                _scalarizer.LoadState(s);
            }
        }

        return SearchJournal.Read(layout.Journal);
    }

    private void SaveState(RunDirectoryLayout layout)
    {
        var state = new JsonObject { ["scheduler"] = _scheduler.SaveState(), ["scalarizer"] = _scalarizer.SaveState() };
        var temp = layout.State + ".tmp";
        File.WriteAllText(temp, state.ToJsonString());
        File.Move(temp, layout.State, overwrite: true);
    }

    private JsonObject Fingerprint() => new()
    {
        ["format"] = "gptailor-run/1",
        ["optimizer"] = (_scheduler.Optimizer as IOptimizerStatus)?.Name ?? _scheduler.Optimizer.GetType().Name,
        ["scheduler"] = _scheduler.GetType().Name,
        ["dimensions"] = new JsonArray(_space.DimensionNames.Select(n => (JsonNode)n).ToArray()),
        ["tasks"] = new JsonArray(_evaluator.TaskNames.Select(n => (JsonNode)n).ToArray()),
        ["seed"] = _options.Seed,
    };

    private SearchProgress MakeProgress(List<TrialRecord> trials, TrialRecord last, TimeSpan elapsed, int evaluatedThisRun)
    {
        var best = SearchOutputs.SelectBest(trials, _options.SelectionWeights);
        var remainingTrials = Math.Max(0, _options.MaxTrials - trials.Count);
        TimeSpan? eta = evaluatedThisRun > 0 ? elapsed / evaluatedThisRun * remainingTrials : null;
        return new SearchProgress(trials.Count, _options.MaxTrials, last.Budget, best?.Scores, elapsed, eta);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Trial {Trial} evaluated at budget {Budget} in {Seconds:F2} s")]
    private static partial void LogTrial(ILogger logger, int trial, int budget, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Trial {Trial} failed: {Error}")]
    private static partial void LogTrialFailed(ILogger logger, int trial, string error);
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GPTailor.Distributed;

/// <summary>
/// A worker's evaluator, loaded once from the worker's own command line: turns each <see cref="TrialMessage"/> into a
/// plan (validated against the family), evaluates it and answers with the scores or the error. A trial of another
/// identity (family, tasks or settings) is refused. Holds no search state.
/// </summary>
public sealed partial class WorkerEvaluation
{
    private readonly IFitnessEvaluator _evaluator;
    private readonly string _secret;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="evaluator">The worker's evaluator (not disposed here).</param>
    /// <param name="identity">The identity of the worker's family, tasks and settings.</param>
    /// <param name="layerCount">The family's decoder layer count (plans are checked against it).</param>
    /// <param name="candidateCount">The family's candidate count.</param>
    /// <param name="device">The device, as shown to the driver.</param>
    /// <param name="name">The worker's name.</param>
    /// <param name="secret">The cluster secret (to answer the driver's challenge).</param>
    /// <param name="logger">Logs each trial.</param>
    public WorkerEvaluation(IFitnessEvaluator evaluator, EvaluationIdentity identity, int layerCount, int candidateCount, string device, string name, string secret, ILogger<WorkerEvaluation> logger)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(logger);
        _evaluator = evaluator;
        Identity = identity;
        LayerCount = layerCount;
        CandidateCount = candidateCount;
        Device = device;
        Name = name;
        _secret = ClusterSecret.Check(secret);
        _logger = logger;
    }

    /// <summary>The identity of the worker's family, tasks and settings.</summary>
    public EvaluationIdentity Identity { get; }

    /// <summary>The family's decoder layer count.</summary>
    public int LayerCount { get; }

    /// <summary>The family's candidate count.</summary>
    public int CandidateCount { get; }

    /// <summary>The device.</summary>
    public string Device { get; }

    /// <summary>The worker's name.</summary>
    public string Name { get; }

    /// <summary>Trials evaluated (scored or failed) so far.</summary>
    public int Evaluated => _evaluated;

    private int _evaluated;

    /// <summary>The worker's description, with the signature of <paramref name="challenge"/>.</summary>
    public WorkerDescription Describe(string challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return new WorkerDescription(Identity.Lines, Device, Name, ClusterSecret.SignChallenge(_secret, challenge));
    }

    /// <summary>Completes with the driver's reason when a driver refuses this worker (<see cref="IWorkerGrain.RefuseAsync"/>).</summary>
    public Task<string> Refused => _refused.Task;

    private readonly TaskCompletionSource<string> _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records the driver's refusal (the first one wins).</summary>
    public void Refuse(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        LogDriverRefused(_logger, reason);
        _refused.TrySetResult(reason);
    }

    /// <summary>Evaluates a trial; the plan's failures come back as a reply, cancellation is thrown.</summary>
    public async Task<TrialReply> EvaluateAsync(TrialMessage trial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.IdentityHash != Identity.Hash)
        {
            LogRefused(_logger, trial.IdentityHash);
            return new TrialReply(TrialOutcome.Refused, null, $"worker {Name} evaluates another family, task set or settings (identity {Identity.Hash[..12]}, the driver's {Shorten(trial.IdentityHash)})");
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var plan = PlanJson.Parse(trial.PlanJson, LayerCount, CandidateCount);
            var scores = await _evaluator.EvaluateAsync(plan, new EvaluationBudget(trial.Documents, trial.Seed), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _evaluated);
            LogTrial(_logger, trial.Documents, watch.Elapsed.TotalSeconds);
            return new TrialReply(TrialOutcome.Scored, scores.Scores.Select(WireScore.From).ToArray(), null);
        }
        catch (NonFiniteScoreException ex)
        {
            Interlocked.Increment(ref _evaluated);
            return new TrialReply(TrialOutcome.NonFinite, null, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _evaluated);
            LogFailed(_logger, ex.GetType().Name, ex.Message);
            return new TrialReply(TrialOutcome.Failed, null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static string Shorten(string hash) => hash.Length > 12 ? hash[..12] : hash;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Trial evaluated at budget {Budget} in {Seconds:F2} s")]
    private static partial void LogTrial(ILogger logger, int budget, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Trial failed: {Type}: {Error}")]
    private static partial void LogFailed(ILogger logger, string type, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Refused a trial of another family, task set or settings (identity {Hash})")]
    private static partial void LogRefused(ILogger logger, string hash);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogDriverRefused(ILogger logger, string reason);
}

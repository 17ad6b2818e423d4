using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GPTailor.Distributed;

/// <summary>
/// The driver's view of the workers: admits each worker that joins the cluster once it has proved that it knows the
/// cluster secret and shown the driver's <see cref="EvaluationIdentity"/> (otherwise it is refused, with the reason),
/// hands each trial to a free worker (least recently used first; one trial per worker at a time), and gives a trial to
/// another worker when its worker dies, leaves, times out or refuses it, up to <see cref="WorkerClusterOptions.MaxAttempts"/>
/// workers. Every wait is bounded: no worker alive for <see cref="WorkerClusterOptions.WorkerWaitTimeout"/>, or a trial
/// failing on every worker tried, ends in <see cref="NoWorkerAvailableException"/>; when the pool's workers can only be
/// the <see cref="WorkerProcesses"/> and all of them have exited, it ends at once in <see cref="WorkerProcessesExitedException"/>.
/// </summary>
public sealed partial class WorkerPool
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly IWorkerSource _source;
    private readonly EvaluationIdentity _identity;
    private readonly WorkerClusterOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Worker> _workers = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private long _lastRefresh = long.MinValue;
    private long _useClock;
    private int _inFlight;
    private int _retries;
    private WorkerPoolStatus? _lastStatus;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the pool.</summary>
    /// <param name="source">Finds and calls workers.</param>
    /// <param name="identity">The driver's identity: workers must show the same.</param>
    /// <param name="options">Secret, timeouts and attempts (validated).</param>
    /// <param name="logger">Logs admissions, refusals, deaths and retries.</param>
    public WorkerPool(IWorkerSource source, EvaluationIdentity identity, WorkerClusterOptions options, ILogger<WorkerPool>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _source = source;
        _identity = identity;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised (outside the pool's lock) whenever <see cref="Status"/> changes.</summary>
    public event Action<WorkerPoolStatus>? StatusChanged;

    /// <summary>
    /// The worker processes the driver started, when they are the only workers that can join (null otherwise): once
    /// none runs and no worker is alive, waits end at once instead of after <see cref="WorkerClusterOptions.WorkerWaitTimeout"/>.
    /// </summary>
    public IWorkerProcesses? WorkerProcesses { get; init; }

    /// <summary>The identity workers must show.</summary>
    public EvaluationIdentity Identity => _identity;

    /// <summary>The pool's state now.</summary>
    public WorkerPoolStatus Status
    {
        get
        {
            lock (_lock)
            {
                return StatusLocked();
            }
        }
    }

    /// <summary>Why each refused worker was refused, by worker name.</summary>
    public IReadOnlyDictionary<string, string> Refusals
    {
        get
        {
            lock (_lock)
            {
                return _workers.Values.Where(w => w.State == WorkerState.Refused).ToDictionary(w => w.Name, w => w.Reason!);
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> workers are admitted (or, with <see cref="WorkerProcesses"/>, as many as
    /// still run), or <paramref name="timeout"/> passes; returns the number admitted.
    /// </summary>
    public async Task<int> WaitForWorkersAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
            int admitted;
            lock (_lock)
            {
                admitted = _workers.Values.Count(w => w.State == WorkerState.Admitted);
            }

            var reachable = WorkerProcesses is { } processes ? Math.Min(count, processes.Running) : count;
            if (admitted >= reachable || watch.Elapsed >= timeout)
            {
                return admitted;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates a trial on a worker, retrying on another worker when one dies, leaves, times out or refuses it.</summary>
    /// <returns>The worker's reply: scored, non-finite or failed (the plan's outcomes); never <see cref="TrialOutcome.Refused"/>.</returns>
    /// <exception cref="NoWorkerAvailableException">No worker can take the trial, or it failed on every worker tried.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<TrialReply> RunAsync(TrialMessage trial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        Update(() => _inFlight++);
        try
        {
            var failures = new List<string>();
            for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
            {
                if (attempt > 1)
                {
                    Update(() => _retries++);
                }

                var worker = await AcquireAsync(cancellationToken).ConfigureAwait(false);
                var (reply, failure) = await CallAsync(worker, trial, cancellationToken).ConfigureAwait(false);
                if (reply is not null)
                {
                    return reply;
                }

                failures.Add($"{worker.Name}: {failure}");
                LogRetry(_logger, worker.Name, failure!, attempt, _options.MaxAttempts);
            }

            throw new NoWorkerAvailableException($"The trial failed on {_options.MaxAttempts} worker(s): {string.Join("; ", failures)}.");
        }
        finally
        {
            Update(() => _inFlight--);
        }
    }

    /// <summary>One attempt: the reply (scored, non-finite or failed), or why the attempt failed (the worker died, timed out or refused).</summary>
    private async Task<(TrialReply? Reply, string? Failure)> CallAsync(Worker worker, TrialMessage trial, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TrialTimeout);
        try
        {
            // WaitAsync bounds the wait even if the call ignores its token.
            var reply = await _source.EvaluateAsync(worker.Key, trial, timeout.Token).WaitAsync(_options.TrialTimeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            if (reply.Outcome == TrialOutcome.Refused)
            {
                Refuse(worker, reply.Error ?? "it refused the trial");
                return (null, "refused: " + reply.Error);
            }

            Release(worker);
            return (reply, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Release(worker);
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            // The worker is told to stop (the token), and stays in the pool: its next trial waits for the stop.
            Release(worker);
            return (null, $"timed out after {_options.TrialTimeout.TotalSeconds:F0} s");
        }
        catch (UnauthorizedAccessException ex)
        {
            Refuse(worker, "it refused the driver's cluster secret (" + ex.Message + ")");
            return (null, "refused the cluster secret");
        }
        catch (Exception ex)
        {
            Lose(worker, ex.GetType().Name + ": " + ex.Message);
            return (null, "lost (" + ex.GetType().Name + ": " + ex.Message + ")");
        }
    }

    private async Task<Worker> AcquireAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var noneAliveSince = (TimeSpan?)null;
        var limit = _options.TrialTimeout + _options.WorkerWaitTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RefreshAsync(force: false, cancellationToken).ConfigureAwait(false);
            int alive;
            Worker? free;
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
                free = _workers.Values.Where(w => w.State == WorkerState.Admitted && !w.Busy).MinBy(w => w.LastUsed);
                if (free is not null)
                {
                    free.Busy = true;
                    free.LastUsed = ++_useClock;
                }

                alive = _workers.Values.Count(w => w.State == WorkerState.Admitted);
            }

            if (free is not null)
            {
                Raise();
                return free;
            }

            if (alive == 0)
            {
                if (WorkerProcesses is { Running: 0 } processes)
                {
                    throw new WorkerProcessesExitedException(processes.Exits);
                }

                noneAliveSince ??= watch.Elapsed;
                if (watch.Elapsed - noneAliveSince >= _options.WorkerWaitTimeout)
                {
                    throw new NoWorkerAvailableException(NoWorkerMessage());
                }
            }
            else
            {
                noneAliveSince = null;
            }

            if (watch.Elapsed >= limit)
            {
                throw new NoWorkerAvailableException($"No worker became free within {limit.TotalSeconds:F0} s ({alive} alive, all busy).");
            }

            // Woken as soon as a worker is released or joins; polled anyway (membership changes are not signalled).
            await Task.WhenAny(changed, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
        }
    }

    private string NoWorkerMessage()
    {
        lock (_lock)
        {
            var refused = _workers.Values.Where(w => w.State == WorkerState.Refused).Select(w => $"{w.Name} was refused: {w.Reason}").ToArray();
            var lost = _workers.Values.Count(w => w.State == WorkerState.Lost);
            return $"No worker is alive after waiting {_options.WorkerWaitTimeout.TotalSeconds:F0} s"
                + (lost > 0 ? $" ({lost} lost)" : string.Empty)
                + (refused.Length > 0 ? ". " + string.Join(". ", refused) : string.Empty)
                + ". Start workers (gptailor worker ...) and resume the search with --resume.";
        }
    }

    /// <summary>Admits new workers (after checking their proof and identity) and drops those that left; at most every <see cref="RefreshInterval"/> unless forced.</summary>
    private async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastRefresh);
        if (!force && last != long.MinValue && Stopwatch.GetElapsedTime(last) < RefreshInterval)
        {
            return;
        }

        if (!await _refreshing.WaitAsync(force ? _options.DescribeTimeout : TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var active = _source.ActiveWorkers();
            var activeKeys = active.Select(w => w.Key).ToHashSet();
            List<WorkerEndpoint> fresh;
            lock (_lock)
            {
                foreach (var gone in _workers.Values.Where(w => w.State == WorkerState.Admitted && !activeKeys.Contains(w.Key)))
                {
                    gone.State = WorkerState.Lost;
                    gone.Reason = "left the cluster";
                    LogLost(_logger, gone.Name, gone.Reason);
                }

                fresh = active.Where(w => !_workers.TryGetValue(w.Key, out var known) || known.State == WorkerState.Unreachable).ToList();
            }

            await Task.WhenAll(fresh.Select(w => AdmitAsync(w, cancellationToken))).ConfigureAwait(false);
            Update(() => { });
        }
        finally
        {
            Interlocked.Exchange(ref _lastRefresh, Stopwatch.GetTimestamp());
            _refreshing.Release();
        }
    }

    private async Task AdmitAsync(WorkerEndpoint endpoint, CancellationToken cancellationToken)
    {
        var challenge = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        WorkerDescription description;
        try
        {
            description = await _source.DescribeAsync(endpoint.Key, challenge, cancellationToken).WaitAsync(_options.DescribeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (UnauthorizedAccessException)
        {
            SetRefused(endpoint, "it does not accept the driver's cluster secret (a different --secret / " + ClusterSecret.EnvironmentVariable + ")");
            return;
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                var worker = _workers.TryGetValue(endpoint.Key, out var known) ? known : _workers[endpoint.Key] = new Worker(endpoint.Key, endpoint.Name);
                worker.State = ++worker.DescribeFailures >= 3 ? WorkerState.Lost : WorkerState.Unreachable;
                worker.Reason = ex.GetType().Name + ": " + ex.Message;
            }

            return;
        }

        if (!ClusterSecret.Verify(_options.Secret, "worker:" + challenge, description.Proof))
        {
            SetRefused(endpoint, "it does not know the cluster secret");
            return;
        }

        var differences = _identity.Differences(EvaluationIdentity.FromLines(description.Identity));
        if (differences.Count > 0)
        {
            var reason = "its family, tasks or settings differ from the driver's: " + string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? $"; and {differences.Count - 5} more" : string.Empty);
            SetRefused(endpoint, reason);
            try
            {
                await _source.RefuseAsync(endpoint.Key, "the driver refused this worker: " + reason, cancellationToken).WaitAsync(_options.DescribeTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The worker may already be gone; the driver's log says why it was refused.
            }

            return;
        }

        lock (_lock)
        {
            var worker = _workers.TryGetValue(endpoint.Key, out var known) ? known : _workers[endpoint.Key] = new Worker(endpoint.Key, endpoint.Name);
            worker.State = WorkerState.Admitted;
            worker.Device = description.Device;
            worker.Reason = null;
        }

        LogAdmitted(_logger, endpoint.Name, description.Device);
    }

    private void SetRefused(WorkerEndpoint endpoint, string reason)
    {
        lock (_lock)
        {
            var worker = _workers.TryGetValue(endpoint.Key, out var known) ? known : _workers[endpoint.Key] = new Worker(endpoint.Key, endpoint.Name);
            worker.State = WorkerState.Refused;
            worker.Reason = reason;
        }

        LogRefused(_logger, endpoint.Name, reason);
    }

    private void Release(Worker worker) => Update(() => worker.Busy = false);

    private void Refuse(Worker worker, string reason)
    {
        Update(() =>
        {
            worker.Busy = false;
            worker.State = WorkerState.Refused;
            worker.Reason = reason;
        });
        LogRefused(_logger, worker.Name, reason);
    }

    private void Lose(Worker worker, string reason)
    {
        Update(() =>
        {
            worker.Busy = false;
            worker.State = WorkerState.Lost;
            worker.Reason = reason;
        });
        LogLost(_logger, worker.Name, reason);
    }

    private void Update(Action change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            change();
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();

        Raise();
    }

    private void Raise()
    {
        WorkerPoolStatus status;
        lock (_lock)
        {
            status = StatusLocked();
            if (status == _lastStatus)
            {
                return;
            }

            _lastStatus = status;
        }

        StatusChanged?.Invoke(status);
    }

    private WorkerPoolStatus StatusLocked() => new(
        _workers.Values.Count(w => w.State == WorkerState.Admitted),
        _workers.Values.Count(w => w.State == WorkerState.Admitted && w.Busy),
        _inFlight,
        _retries,
        _workers.Values.Count(w => w.State == WorkerState.Refused),
        _workers.Values.Count(w => w.State == WorkerState.Lost));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Worker {Name} joined ({Device})")]
    private static partial void LogAdmitted(ILogger logger, string name, string device);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Worker {Name} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Worker {Name} lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Trial given to another worker: {Name} {Failure} (attempt {Attempt} of {MaxAttempts})")]
    private static partial void LogRetry(ILogger logger, string name, string failure, int attempt, int maxAttempts);

    private enum WorkerState
    {
        Unreachable,
        Admitted,
        Refused,
        Lost,
    }

    private sealed class Worker(string key, string name)
    {
        public string Key { get; } = key;

        public string Name { get; } = name;

        public WorkerState State { get; set; } = WorkerState.Unreachable;

        public string? Reason { get; set; }

        public string Device { get; set; } = "?";

        public bool Busy { get; set; }

        public long LastUsed { get; set; }

        public int DescribeFailures { get; set; }
    }
}

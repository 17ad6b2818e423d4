using System.Diagnostics;
using GPTailor.Distributed;
using Microsoft.Extensions.Logging;

namespace GPTailor.Cli;

/// <summary>
/// The options of <c>gptailor search</c> that spread trials over worker processes: <c>--workers N</c> (local workers,
/// one machine), <c>--devices</c>, <c>--cluster redis://HOST:PORT</c> (workers on many machines), the secret, and the
/// per-trial timeout.
/// </summary>
internal sealed class DistributedSearchOptions
{
    /// <summary>Concurrent trials handed to the pool: more than any pool's workers, so that every free worker gets one.</summary>
    public const int Concurrency = 256;

    public Option<int> Workers { get; } = new("--workers") { Description = "Start N local worker processes and evaluate trials on them (one per device or CPU-thread share).", DefaultValueFactory = _ => 0 };

    public Option<string?> Devices { get; } = new("--devices") { Description = "Devices of the local workers, round robin, e.g. cuda:0,cuda:1 (default: --device)." };

    public Option<double> TrialTimeout { get; } = new("--trial-timeout") { Description = "Seconds a trial may take on a worker before it goes to another worker.", DefaultValueFactory = _ => 1800 };

    public Option<double> WorkerWait { get; } = new("--worker-wait") { Description = "Seconds to wait for a worker when none is alive before stopping (resume later).", DefaultValueFactory = _ => 60 };

    public ClusterCommandOptions Cluster { get; } = new("Evaluate trials on the workers of this cluster: redis://HOST:PORT (start them with gptailor worker --cluster ...).");

    public IEnumerable<Option> All => [Workers, Devices, TrialTimeout, WorkerWait, .. Cluster.All];

    /// <summary>Whether the search is distributed.</summary>
    public bool IsDistributed(ParseResult result) => result.GetValue(Workers) > 0 || result.GetValue(Cluster.Cluster) is not null;

    /// <summary>
    /// Starts the driver's silo and the local workers; null when the search is not distributed. The caller composes
    /// the services with <see cref="DistributedSearch.Compose"/> and disposes the result after the search.
    /// </summary>
    public async Task<DistributedSearch?> StartAsync(ParseResult result, string defaultDevice, IReadOnlyList<string> workerArguments, string settings, CliConsole console, bool verbose, CancellationToken cancellationToken)
    {
        if (!IsDistributed(result))
        {
            return null;
        }

        var workers = result.GetValue(Workers);
        if (workers is < 0 or > 64)
        {
            throw new ArgumentException("--workers must be between 0 and 64.");
        }

        var devices = (result.GetValue(Devices) ?? defaultDevice).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (devices.Length == 0 || devices.Any(d => !ComputeDevice.TryParse(d, out _)))
        {
            throw new ArgumentException($"--devices {result.GetValue(Devices)}: give devices such as cpu, cuda:0,cuda:1.");
        }

        var options = Cluster.Build(result, fallbackSecret: result.GetValue(Cluster.Cluster) is null ? ClusterSecret.Generate() : null);
        if (options.Cluster is { IsRedis: false })
        {
            throw new ArgumentException("search --cluster takes a Redis membership store: redis://HOST:PORT (without it, --workers N runs local workers).");
        }

        options.TrialTimeout = TimeSpan.FromSeconds(Positive(result.GetValue(TrialTimeout), "--trial-timeout"));
        options.WorkerWaitTimeout = TimeSpan.FromSeconds(Positive(result.GetValue(WorkerWait), "--worker-wait"));
        var cluster = await DriverCluster.StartAsync(options, b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning), cancellationToken).ConfigureAwait(false);
        try
        {
            var tls = result.GetValue(Cluster.TlsCertificate) is { } pfx ? new[] { "--tls-certificate", Path.GetFullPath(pfx) } : [];
            var local = workers > 0 ? LocalWorkers.Start(workers, devices, [.. workerArguments, .. tls], cluster, console) : null;
            return new DistributedSearch(cluster, local, settings, workers, console);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentException($"{name} must be a positive number of seconds.");
}

/// <summary>
/// A started distributed search: the driver's silo, the local workers, and the pool's status — part of the search's
/// progress (<see cref="ShowIn"/>), or, where no progress is shown (<c>--json</c>), lines on stderr.
/// </summary>
internal sealed class DistributedSearch(DriverCluster cluster, LocalWorkers? local, string settings, int expectedWorkers, CliConsole console) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private WorkerPoolStatus? _shown;
    private long _shownAt;
    private volatile SearchProgressDisplay? _display;

    /// <summary>
    /// Evaluates the search's trials on the pool. Without a membership store the local workers are the only workers
    /// that can join, so the pool stops at once when all of them have exited.
    /// </summary>
    public void Compose(GPTailorBuilder builder) => builder.UseWorkerPool(cluster, settings, Show, expectedWorkers, cluster.Options.Cluster is null ? local : null);

    /// <summary>Shows the pool's status in <paramref name="display"/> (with every progress report) from now on, instead of on lines of its own.</summary>
    public void ShowIn(SearchProgressDisplay display) => _display = display;

    /// <summary>
    /// Shows the pool's state: in the progress display when there is one; otherwise on stderr when workers join, die or
    /// are refused, a trial is retried, or every 5 s of other changes.
    /// </summary>
    private void Show(WorkerPoolStatus status)
    {
        if (_display is { } display)
        {
            display.ShowStatus(status.ToString());
            return;
        }

        lock (_gate)
        {
            var important = _shown is null || status.Alive != _shown.Alive || status.Retries != _shown.Retries || status.Refused != _shown.Refused || status.Lost != _shown.Lost;
            if (!important && Stopwatch.GetElapsedTime(_shownAt) < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _shown = status;
            _shownAt = Stopwatch.GetTimestamp();
        }

        lock (console.Error)
        {
            console.Error.WriteLine(status.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        local?.Dispose();
        await cluster.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace GPTailor.Distributed;

/// <summary>
/// The driver's silo: it joins the cluster (or, without a membership store, is the primary silo that local workers join),
/// lists the worker silos that are active, and calls them, signing every call with the cluster secret. It hosts no
/// trial: a <see cref="WorkerPool"/> over it hands trials to the workers.
/// </summary>
public sealed class DriverCluster : IWorkerSource, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;

    private DriverCluster(IHost host, IPEndPoint endpoint, ClusterAddress address, WorkerClusterOptions options)
    {
        _host = host;
        Endpoint = endpoint;
        Address = address;
        Options = options;
        _grains = host.Services.GetRequiredService<IGrainFactory>();
        _membership = host.Services.GetRequiredService<IClusterMembershipService>();
    }

    /// <summary>The driver silo's endpoint.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Where workers join: the membership store, or <c>dev://</c> this silo for local workers.</summary>
    public ClusterAddress Address { get; }

    /// <summary>The options the cluster was started with.</summary>
    public WorkerClusterOptions Options { get; }

    /// <summary>Starts the driver's silo.</summary>
    /// <param name="options">The cluster options (validated).</param>
    /// <param name="logging">Configures logging (Orleans' own messages are kept to critical ones).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DriverCluster> StartAsync(WorkerClusterOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, logging);
        IPEndPoint? endpoint = null;
        builder.UseOrleans(silo =>
        {
            endpoint = SiloSetup.Configure(silo, options, $"gptailor-driver-{Environment.MachineName}-{Environment.ProcessId}", options.TrialTimeout + TimeSpan.FromMinutes(1));
            silo.AddOutgoingGrainCallFilter(new ClusterSecretOutgoingFilter(options.Secret));
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new DriverCluster(host, endpoint!, options.Cluster ?? ClusterAddress.Development(endpoint!), options);
    }

    /// <inheritdoc />
    public IReadOnlyList<WorkerEndpoint> ActiveWorkers() => _membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active && m.Name.StartsWith(SiloSetup.WorkerNamePrefix, StringComparison.Ordinal))
        .Select(m => new WorkerEndpoint(m.SiloAddress.ToParsableString(), m.Name))
        .OrderBy(w => w.Name, StringComparer.Ordinal)
        .ToArray();

    /// <inheritdoc />
    public Task<WorkerDescription> DescribeAsync(string key, string challenge, CancellationToken cancellationToken) =>
        _grains.GetGrain<IWorkerGrain>(key).DescribeAsync(challenge).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<TrialReply> EvaluateAsync(string key, TrialMessage trial, CancellationToken cancellationToken) =>
        _grains.GetGrain<IWorkerGrain>(key).EvaluateAsync(trial, cancellationToken);

    /// <inheritdoc />
    public Task RefuseAsync(string key, string reason, CancellationToken cancellationToken) =>
        _grains.GetGrain<IWorkerGrain>(key).RefuseAsync(reason).WaitAsync(cancellationToken);

    /// <summary>Stops the silo.</summary>
    public async ValueTask DisposeAsync()
    {
        await SiloShutdown.StopAsync(_host).ConfigureAwait(false);
    }

    /// <summary>The caller's logging, with Orleans' own categories kept to critical messages (and its retries to errors).</summary>
    internal static void ConfigureLogging(ILoggingBuilder logging, Action<ILoggingBuilder>? configure)
    {
        configure?.Invoke(logging);
        logging.AddFilter("Orleans", LogLevel.Critical); // a failed start or call surfaces as an exception; the rest is retried
        logging.AddFilter("Polly", LogLevel.Error);
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}

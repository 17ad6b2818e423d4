using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace GPTailor.Distributed;

/// <summary>
/// A worker: a silo that joins the cluster and evaluates the trials that the driver sends it with its own evaluator
/// (the family and tasks loaded once, from the worker's own command line, on its own device). It holds no search
/// state; it checks the cluster secret on every call and refuses trials of another identity.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host, IPEndPoint endpoint, WorkerEvaluation evaluation)
    {
        _host = host;
        Endpoint = endpoint;
        Evaluation = evaluation;
    }

    /// <summary>The worker silo's endpoint.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The worker's evaluation service (its identity, the trials evaluated, the driver's refusal).</summary>
    public WorkerEvaluation Evaluation { get; }

    /// <summary>Starts a worker silo.</summary>
    /// <param name="evaluator">The worker's evaluator (not disposed by the host).</param>
    /// <param name="identity">Its identity (<see cref="EvaluationIdentity.Of"/> of its family, tasks and settings).</param>
    /// <param name="layerCount">The family's decoder layer count.</param>
    /// <param name="candidateCount">The family's candidate count.</param>
    /// <param name="device">The device, as shown to the driver.</param>
    /// <param name="options">The cluster to join (<see cref="WorkerClusterOptions.Cluster"/> is required) and the secret.</param>
    /// <param name="logging">Configures logging (Orleans' own messages are kept to critical ones).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">No cluster is given, or an option is out of range.</exception>
    public static async Task<WorkerHost> StartAsync(IFitnessEvaluator evaluator, EvaluationIdentity identity, int layerCount, int candidateCount, string device, WorkerClusterOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Cluster is null)
        {
            throw new ArgumentException("A worker needs a cluster to join: redis://HOST:PORT or dev://HOST:PORT.");
        }

        var name = $"{SiloSetup.WorkerNamePrefix}{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        DriverCluster.ConfigureLogging(builder.Logging, logging);
        builder.Services.AddSingleton(sp => new WorkerEvaluation(evaluator, identity, layerCount, candidateCount, device, name, options.Secret, sp.GetRequiredService<ILogger<WorkerEvaluation>>()));
        IPEndPoint? endpoint = null;
        builder.UseOrleans(silo =>
        {
            endpoint = SiloSetup.Configure(silo, options, name, options.TrialTimeout + TimeSpan.FromMinutes(1));
            silo.AddIncomingGrainCallFilter(new ClusterSecretIncomingFilter(options.Secret));
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

        return new WorkerHost(host, endpoint!, host.Services.GetRequiredService<WorkerEvaluation>());
    }

    /// <summary>Leaves the cluster and stops the silo (bounded: at most 10 s).</summary>
    public async ValueTask DisposeAsync()
    {
        await SiloShutdown.StopAsync(_host).ConfigureAwait(false);
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using StackExchange.Redis;

namespace GPTailor.Distributed;

/// <summary>What the driver's and the workers' silos share: endpoints, membership store, liveness timings, placement.</summary>
internal static class SiloSetup
{
    /// <summary>The prefix of every worker silo's name (the driver tells workers from other members by it).</summary>
    public const string WorkerNamePrefix = "gptailor-worker-";

    /// <summary>The service id of every GPTailor cluster.</summary>
    public const string ServiceId = "gptailor";

    /// <summary>Configures a silo; returns its endpoint.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">The cluster options.</param>
    /// <param name="name">The silo's name.</param>
    /// <param name="responseTimeout">How long a call may wait for its answer (longer than any trial).</param>
    public static IPEndPoint Configure(ISiloBuilder silo, WorkerClusterOptions options, string name, TimeSpan responseTimeout)
    {
        var endpoint = new IPEndPoint(options.ListenAddress, options.Port == 0 ? FreePort(options.ListenAddress) : options.Port);
        silo.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = options.ClusterId;
            c.ServiceId = ServiceId;
        });
        silo.Configure<SiloOptions>(s => s.SiloName = name);
        silo.Configure<EndpointOptions>(e =>
        {
            e.AdvertisedIPAddress = endpoint.Address;
            e.SiloPort = endpoint.Port;
            e.SiloListeningEndpoint = endpoint;
            e.GatewayPort = 0; // no client connects: the driver is a silo
        });
        silo.Configure<ClusterMembershipOptions>(m =>
        {
            // A dead worker is noticed within seconds (its trials go to another worker): probes are cheap on a few silos.
            m.ProbeTimeout = TimeSpan.FromSeconds(1);
            m.NumMissedProbesLimit = 2;
            m.NumVotesForDeathDeclaration = 1;
            m.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            m.MaxJoinAttemptTime = TimeSpan.FromSeconds(30);
        });
        silo.Configure<SiloMessagingOptions>(m =>
        {
            m.ResponseTimeout = responseTimeout;
            m.SystemResponseTimeout = TimeSpan.FromSeconds(30);
        });
        if (options.Cluster is { IsRedis: true } redis)
        {
            silo.UseRedisClustering(r => r.ConfigurationOptions = ConfigurationOptions.Parse(redis.RedisConnectionString));
        }
        else
        {
            silo.UseDevelopmentClustering(options.Cluster?.PrimaryEndpoint);
        }

        if (options.TlsCertificate is { } certificate)
        {
            silo.UseTls(certificate, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (remote, _, _) => remote.RawData.AsSpan().SequenceEqual(certificate.RawData);
            });
        }

        silo.Services.AddPlacementDirector<WorkerPlacementStrategy, WorkerPlacementDirector>();
        return endpoint;
    }

    /// <summary>A TCP port that is free on <paramref name="address"/> now.</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace GPTailor.Distributed;

/// <summary>How a driver or a worker joins the cluster, and the driver's timeouts.</summary>
public sealed class WorkerClusterOptions
{
    /// <summary>The membership store; null for the driver of local workers (it is then the primary silo of development clustering).</summary>
    public ClusterAddress? Cluster { get; set; }

    /// <summary>The cluster id: only members with the same id see each other in the membership store.</summary>
    public string ClusterId { get; set; } = "gptailor";

    /// <summary>The shared secret (see <see cref="ClusterSecret"/>), at least <see cref="ClusterSecret.MinimumLength"/> characters.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>
    /// When set, every connection between members is TLS (1.2 or 1.3), both ends presenting this certificate (with
    /// its private key) and accepting only a peer that presents the same one: the traffic is encrypted and a member
    /// without the certificate cannot connect. Null (the default): plain TCP, the secret still signs every call.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>The address to listen on and to advertise to the other members: loopback unless told otherwise.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The silo port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The longest a trial may take on a worker before it is given to another one.</summary>
    public TimeSpan TrialTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest the driver waits for a worker when none is alive (at start, or after the last one died).</summary>
    public TimeSpan WorkerWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most workers a trial is tried on (after a worker dies or times out, the trial goes to another).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest a worker may take to describe itself to the driver.</summary>
    public TimeSpan DescribeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ClusterSecret.Check(Secret);
        if (string.IsNullOrWhiteSpace(ClusterId) || ClusterId.Length > 100)
        {
            throw new ArgumentException("The cluster id must be 1 to 100 characters.");
        }

        if (ListenAddress.Equals(IPAddress.Any) || ListenAddress.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("Listen on one address that the other machines reach (it is also advertised to them), not on every address.");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException("The port must be between 0 (a free one) and 65535.");
        }

        if (TlsCertificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The TLS certificate has no private key: give the .pfx that holds it.");
        }

        if (TrialTimeout <= TimeSpan.Zero || WorkerWaitTimeout <= TimeSpan.Zero || DescribeTimeout <= TimeSpan.Zero || MaxAttempts < 1)
        {
            throw new ArgumentException("Timeouts must be positive and the attempts at least 1.");
        }
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using GPTailor.Distributed;

namespace GPTailor.Cli;

/// <summary>The options of <c>gptailor worker</c> and of a distributed <c>gptailor search</c> that say how to join the cluster.</summary>
internal sealed class ClusterCommandOptions
{
    public ClusterCommandOptions(string clusterDescription) =>
        Cluster = new Option<string?>("--cluster") { Description = clusterDescription };

    public Option<string?> Cluster { get; }

    public Option<string?> Secret { get; } = new("--secret")
    {
        Description = $"Shared cluster secret, at least {ClusterSecret.MinimumLength} characters (default: ${ClusterSecret.EnvironmentVariable}; better there than on the command line).",
    };

    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Cluster id: members with the same id see each other.", DefaultValueFactory = _ => "gptailor" };

    public Option<string> Listen { get; } = new("--listen") { Description = "Address to listen on and advertise to the other members (default loopback: one machine only).", DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> Port { get; } = new("--port") { Description = "Silo port (default: a free one).", DefaultValueFactory = _ => 0 };

    public Option<string?> TlsCertificate { get; } = new("--tls-certificate")
    {
        Description = $"A .pfx certificate with its private key, the same on every member: all traffic is TLS, and only members holding it connect (password: ${TlsPasswordVariable}).",
    };

    /// <summary>The environment variable that holds the password of <c>--tls-certificate</c>.</summary>
    public const string TlsPasswordVariable = "GPTAILOR_TLS_PASSWORD";

    public IEnumerable<Option> All => [Cluster, Secret, ClusterId, Listen, Port, TlsCertificate];

    /// <summary>The cluster options; the secret comes from <c>--secret</c>, the environment, or <paramref name="fallbackSecret"/>.</summary>
    /// <exception cref="ArgumentException">No secret, or a bad address, port or cluster.</exception>
    public WorkerClusterOptions Build(ParseResult result, string? fallbackSecret = null)
    {
        var secret = result.GetValue(Secret) ?? Environment.GetEnvironmentVariable(ClusterSecret.EnvironmentVariable) ?? fallbackSecret
            ?? throw new ArgumentException($"Give the cluster secret with --secret or ${ClusterSecret.EnvironmentVariable} (the same on the driver and every worker).");
        var listen = result.GetValue(Listen)!;
        var options = new WorkerClusterOptions
        {
            Cluster = result.GetValue(Cluster) is { } cluster ? ClusterAddress.Parse(cluster) : null,
            Secret = secret,
            ClusterId = result.GetValue(ClusterId)!,
            ListenAddress = IPAddress.TryParse(listen, out var address) ? address : throw new ArgumentException($"--listen {listen} is not an IP address."),
            Port = result.GetValue(Port),
            TlsCertificate = result.GetValue(TlsCertificate) is { } pfx ? LoadCertificate(pfx) : null,
        };
        options.Validate();
        return options;
    }

    private static X509Certificate2 LoadCertificate(string pfx)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(pfx, Environment.GetEnvironmentVariable(TlsPasswordVariable));
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"--tls-certificate {pfx}: not a readable .pfx certificate ({ex.Message}); is ${TlsPasswordVariable} its password?", ex);
        }
    }

    /// <summary>The evaluation settings that change scores: every worker of a search must have the driver's.</summary>
    public static string Settings(ComputeDType dtype, int batchSize, int maxLength) => EvaluationIdentity.Settings(dtype.ToString(), batchSize, maxLength);
}

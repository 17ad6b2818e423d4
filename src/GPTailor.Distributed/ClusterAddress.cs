using System.Globalization;
using System.Net;

namespace GPTailor.Distributed;

/// <summary>
/// Where the members of a cluster find each other: <c>redis://HOST:PORT</c> (a Redis membership store, for several
/// machines) or <c>dev://HOST:PORT</c> (Orleans development clustering: the silo at HOST:PORT, the driver of
/// <c>--workers N</c>, keeps the membership; one machine).
/// </summary>
public sealed record ClusterAddress
{
    private ClusterAddress(string scheme, string host, int port)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
    }

    /// <summary><c>redis</c> or <c>dev</c>.</summary>
    public string Scheme { get; }

    /// <summary>The host name or address.</summary>
    public string Host { get; }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary>Whether the membership store is Redis.</summary>
    public bool IsRedis => Scheme == "redis";

    /// <summary>A Redis membership store.</summary>
    public static ClusterAddress Redis(string host, int port) => new("redis", host, CheckPort(port));

    /// <summary>Development clustering with the primary silo at <paramref name="primary"/>.</summary>
    public static ClusterAddress Development(IPEndPoint primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        return new("dev", primary.Address.ToString(), CheckPort(primary.Port));
    }

    /// <summary>Parses <c>redis://HOST:PORT</c> or <c>dev://HOST:PORT</c>.</summary>
    /// <exception cref="FormatException">Not of that form.</exception>
    public static ClusterAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "dev") || uri.Port is < 1 or > 65535
            || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0 || uri.Host.Length == 0)
        {
            throw new FormatException($"'{text}' is not a cluster address: use redis://HOST:PORT (a Redis membership store) or dev://HOST:PORT (a driver's silo).");
        }

        return new(uri.Scheme, uri.Host.Trim('[', ']'), uri.Port);
    }

    /// <summary>The Redis connection string (<c>HOST:PORT</c>).</summary>
    public string RedisConnectionString => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The primary silo's endpoint of development clustering.</summary>
    /// <exception cref="FormatException">The host is not an IP address.</exception>
    public IPEndPoint PrimaryEndpoint => IPAddress.TryParse(Host, out var address)
        ? new IPEndPoint(address, Port)
        : throw new FormatException($"dev://{Host}:{Port}: the primary silo must be given by IP address.");

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static int CheckPort(int port) => port is >= 1 and <= 65535 ? port : throw new ArgumentOutOfRangeException(nameof(port), "A port is between 1 and 65535.");
}

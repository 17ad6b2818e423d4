using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans;
using Orleans.Runtime;

namespace GPTailor.Distributed;

/// <summary>
/// The shared secret of a cluster. The secret itself never travels: the driver signs every call it makes with an
/// HMAC-SHA256 of a fresh nonce and the time (<see cref="ClusterSecretOutgoingFilter"/>), every worker checks that
/// signature on every call to <see cref="IWorkerGrain"/> (<see cref="ClusterSecretIncomingFilter"/>), and a worker
/// proves that it knows the secret by signing the driver's challenge (<see cref="IWorkerGrain.DescribeAsync"/>). So a
/// stranger who can reach a worker's port cannot submit work, and a stranger posing as a worker is not sent any.
/// </summary>
public static class ClusterSecret
{
    /// <summary>The environment variable that holds the secret when the command line does not give one.</summary>
    public const string EnvironmentVariable = "GPTAILOR_CLUSTER_SECRET";

    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumLength = 16;

    /// <summary>How far a call's signed time may be from the worker's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>The request-context key of a call's signature.</summary>
    internal const string RequestContextKey = "gptailor-cluster-auth";

    /// <summary>A new random secret (256 bits, hex).</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Checks a secret's length.</summary>
    /// <exception cref="ArgumentException">Shorter than <see cref="MinimumLength"/> characters.</exception>
    public static string Check(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Length >= MinimumLength
            ? secret
            : throw new ArgumentException($"The cluster secret must be at least {MinimumLength} characters long (use a random string, e.g. `openssl rand -hex 32`).");
    }

    /// <summary>The HMAC-SHA256 (hex) of a message under the secret.</summary>
    internal static string Sign(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="message"/> (constant time).</summary>
    internal static bool Verify(string secret, string message, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Sign(secret, message)), Encoding.UTF8.GetBytes(signature));

    /// <summary>A call signature: <c>time:nonce:hmac</c>.</summary>
    internal static string SignCall(string secret, DateTimeOffset now)
    {
        var stamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return stamp + ":" + Sign(secret, "call:" + stamp);
    }

    /// <summary>Whether a call signature is valid and recent.</summary>
    internal static bool VerifyCall(string secret, object? value, DateTimeOffset now)
    {
        if (value is not string text || text.Split(':') is not [var time, var nonce, var mac]
            || !long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        return Math.Abs(now.ToUnixTimeMilliseconds() - ms) <= MaxClockSkew.TotalMilliseconds && Verify(secret, "call:" + time + ":" + nonce, mac);
    }

    /// <summary>A worker's answer to the driver's challenge.</summary>
    internal static string SignChallenge(string secret, string challenge) => Sign(secret, "worker:" + challenge);
}

/// <summary>Refuses every call to <see cref="IWorkerGrain"/> whose signature does not match the cluster secret.</summary>
internal sealed class ClusterSecretIncomingFilter(string secret) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is WorkerGrain && !ClusterSecret.VerifyCall(secret, RequestContext.Get(ClusterSecret.RequestContextKey), DateTimeOffset.UtcNow))
        {
            throw new UnauthorizedAccessException("The worker refused a request that is not signed with the cluster secret.");
        }

        return context.Invoke();
    }
}

/// <summary>Signs every call the driver makes with the cluster secret.</summary>
internal sealed class ClusterSecretOutgoingFilter(string secret) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(ClusterSecret.RequestContextKey, ClusterSecret.SignCall(secret, DateTimeOffset.UtcNow));
        return context.Invoke();
    }
}

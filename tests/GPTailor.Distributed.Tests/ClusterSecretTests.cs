namespace GPTailor.Distributed.Tests;

public sealed class ClusterSecretTests
{
    private const string Secret = "0123456789abcdef-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASignedCallVerifiesOnlyUnderTheSameSecretWhileRecentAndUntouched()
    {
        var signature = ClusterSecret.SignCall(Secret, Now);
        Assert.True(ClusterSecret.VerifyCall(Secret, signature, Now.AddSeconds(3)));
        Assert.False(ClusterSecret.VerifyCall("0123456789abcdef-other", signature, Now));
        Assert.False(ClusterSecret.VerifyCall(Secret, signature, Now + ClusterSecret.MaxClockSkew + TimeSpan.FromSeconds(1)));
        var parts = signature.Split(':');
        Assert.False(ClusterSecret.VerifyCall(Secret, $"{long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + 1}:{parts[1]}:{parts[2]}", Now));
        Assert.False(ClusterSecret.VerifyCall(Secret, null, Now));
        Assert.False(ClusterSecret.VerifyCall(Secret, "not:a-signature", Now));
        Assert.NotEqual(signature, ClusterSecret.SignCall(Secret, Now)); // a fresh nonce each call
    }

    [Fact]
    public void ShortSecretsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ClusterSecret.Check("short"));
        Assert.Equal(64, ClusterSecret.Generate().Length);
    }

    [Theory]
    [InlineData("redis://10.0.0.1:6379", "redis", "10.0.0.1", 6379)]
    [InlineData("redis://cache.local:7000", "redis", "cache.local", 7000)]
    [InlineData("dev://127.0.0.1:11111", "dev", "127.0.0.1", 11111)]
    [InlineData("redis://[::1]:6379", "redis", "::1", 6379)]
    public void ClusterAddressesParse(string text, string scheme, string host, int port)
    {
        var address = ClusterAddress.Parse(text);
        Assert.Equal((scheme, host, port), (address.Scheme, address.Host, address.Port));
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("10.0.0.1:6379")]
    [InlineData("http://10.0.0.1:6379")]
    [InlineData("redis://10.0.0.1")]
    [InlineData("redis://user:pw@10.0.0.1:6379")]
    [InlineData("redis://10.0.0.1:6379/db")]
    public void BadClusterAddressesAreRefused(string text) => Assert.Throws<FormatException>(() => ClusterAddress.Parse(text));

    [Fact]
    public void IdentityDifferencesNameTheLinesThatDiffer()
    {
        var a = EvaluationIdentity.FromLines(["layers: 4", "member 1 fingerprint: aa", "settings: dtype=float32"]);
        var b = EvaluationIdentity.FromLines(["layers: 4", "member 1 fingerprint: bb", "settings: dtype=float32"]);
        Assert.Equal(["member 1 fingerprint: aa → member 1 fingerprint: bb"], a.Differences(b));
        Assert.Empty(a.Differences(EvaluationIdentity.FromLines(a.Lines)));
        Assert.Equal(a.Hash, EvaluationIdentity.FromLines(a.Lines).Hash);
        Assert.NotEqual(a.Hash, b.Hash);
    }
}

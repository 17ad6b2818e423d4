namespace GPTailor.Distributed.Tests;

/// <summary>Real Orleans silos on loopback, in this process: a driver silo and worker silos with a closed-form evaluator.</summary>
public sealed class OrleansClusterTests
{
    private const string Secret = "0123456789abcdef-cluster-secret";
    private static readonly EvaluationIdentity Identity = EvaluationIdentity.FromLines(["architecture: llama", "layers: 4", "settings: dtype=float32"]);

    private static WorkerClusterOptions Options(string secret = Secret, ClusterAddress? cluster = null) => new()
    {
        Secret = secret,
        Cluster = cluster,
        ClusterId = "test-" + Guid.NewGuid().ToString("N")[..8],
        TrialTimeout = TimeSpan.FromSeconds(20),
        WorkerWaitTimeout = TimeSpan.FromSeconds(3),
    };

    [Fact]
    public async Task TrialsRunOnWorkerSilosAndStrangersWithoutTheSecretCannotSubmitWork()
    {
        var options = Options();
        await using var driver = await DriverCluster.StartAsync(options);
        var workerOptions = Options();
        workerOptions.ClusterId = options.ClusterId;
        workerOptions.Cluster = driver.Address;
        using var evaluator = new FormulaEvaluator();
        await using var worker = await WorkerHost.StartAsync(evaluator, Identity, 4, 1, "cpu", workerOptions);

        var pool = new WorkerPool(driver, Identity, options);
        Assert.Equal(1, await pool.WaitForWorkersAsync(1, TimeSpan.FromSeconds(15)));
        using var remote = new WorkerPoolEvaluator(pool, FormulaEvaluator.Tasks);
        var plan = TailoringPlan.BaseWithout(4, 1, [2]);
        var scores = await remote.EvaluateAsync(plan, new EvaluationBudget(7));
        Assert.Equal(FormulaEvaluator.Expected(plan, 7).Scores, scores.Scores);
        Assert.Equal(1, evaluator.Calls);

        // A stranger joins the cluster with another secret: the worker refuses its calls, and the evaluator never runs.
        var strangerOptions = Options("a-different-secret-0123456789");
        strangerOptions.ClusterId = options.ClusterId;
        strangerOptions.Cluster = driver.Address;
        await using var stranger = await DriverCluster.StartAsync(strangerOptions);
        var key = Assert.Single(stranger.ActiveWorkers()).Key;
        var trial = new TrialMessage(PlanJson.Serialize(plan, indented: false), 7, 0, Identity.Hash);
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => stranger.EvaluateAsync(key, trial, CancellationToken.None));
        Assert.Contains("cluster secret", refused.Message, StringComparison.Ordinal);
        var strangerPool = new WorkerPool(stranger, Identity, strangerOptions);
        var error = await Assert.ThrowsAsync<NoWorkerAvailableException>(() => strangerPool.RunAsync(trial));
        Assert.Contains("does not accept the driver's cluster secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, evaluator.Calls);
    }

    [Fact]
    public async Task WithATlsCertificateTheMembersTalkOverTls()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=gptailor-test-cluster", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(created.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
        var options = Options();
        options.TlsCertificate = certificate;
        await using var driver = await DriverCluster.StartAsync(options);
        var workerOptions = Options();
        workerOptions.ClusterId = options.ClusterId;
        workerOptions.Cluster = driver.Address;
        workerOptions.TlsCertificate = certificate;
        using var evaluator = new FormulaEvaluator();
        await using var worker = await WorkerHost.StartAsync(evaluator, Identity, 4, 1, "cpu", workerOptions);

        var pool = new WorkerPool(driver, Identity, options);
        Assert.Equal(1, await pool.WaitForWorkersAsync(1, TimeSpan.FromSeconds(15)));
        var plan = TailoringPlan.BaseWithout(4, 1, [1]);
        var reply = await pool.RunAsync(new TrialMessage(PlanJson.Serialize(plan, indented: false), 3, 0, Identity.Hash));
        Assert.Equal(FormulaEvaluator.Expected(plan, 3).Scores, reply.Scores!.Select(s => s.ToScore()).ToArray());

        // The silo port speaks TLS with that certificate (a TLS handshake fails against a plain-TCP silo).
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(driver.Endpoint);
        using var tls = new System.Net.Security.SslStream(client.GetStream());
        System.Security.Cryptography.X509Certificates.X509Certificate? presented = null;
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "gptailor-test-cluster",
            ClientCertificates = [certificate],
            RemoteCertificateValidationCallback = (_, remote, _, _) =>
            {
                presented = remote;
                return true;
            },
        });
        Assert.True(tls.IsAuthenticated && tls.IsEncrypted);
        Assert.Equal(certificate.RawData, presented!.GetRawCertData());
    }
}

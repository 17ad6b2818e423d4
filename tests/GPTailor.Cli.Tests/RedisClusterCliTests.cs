using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>
/// Two "nodes" that meet through a real Redis membership store (redis-server, started here on a free loopback port):
/// a worker started by hand serves a <c>search --cluster redis://...</c>, and a worker of another family is refused
/// with a clear message.
/// </summary>
[Collection("torch")]
public sealed class RedisClusterCliTests : IDisposable
{
    private const string Secret = "redis-test-secret-0123456789abcdef";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AWorkerJoinsThroughRedisAndAWorkerOfAnotherFamilyIsRefused()
    {
        var (family, tasks) = DistributedFixture.Write(Path.Combine(_dir.Path, "a"), seed: 1);
        var (otherFamily, otherTasks) = DistributedFixture.Write(Path.Combine(_dir.Path, "b"), seed: 2);
        using var redis = RedisServer.Start(_dir.Path);
        var cluster = $"redis://127.0.0.1:{redis.Port}";
        string[] join = ["--cluster", cluster, "--cluster-id", "redis-test", "--secret", Secret];

        using var worker = WatchedProcess.Start(["worker", "--family", family, "--tasks", tasks, .. join]);
        using var stranger = WatchedProcess.Start(["worker", "--family", otherFamily, "--tasks", otherTasks, .. join]);
        try
        {
            await worker.WaitForAsync("joined", TimeSpan.FromSeconds(90));
            await stranger.WaitForAsync("joined", TimeSpan.FromSeconds(90));

            var run = Path.Combine(_dir.Path, "run");
            var (code, stdout, stderr) = CliRunner.Run(["search", "--family", family, "--tasks", tasks, "--remove", "1", "--trials", "8", "--initial-design", "4", "--seed", "2", "--out", run, "--json", .. join]);
            Assert.True(code == 0, stderr + "\nworker: " + worker.Text + "\nstranger: " + stranger.Text);
            Assert.Equal(3, PlanJson.Parse(JsonNode.Parse(stdout)!["best_plan"]!.ToJsonString()).Layers.Count);
            Assert.Equal(8, SearchJournal.Read(Path.Combine(run, "journal.jsonl")).Count(t => t.Scores is not null));
            Assert.Contains("refused: its family, tasks or settings differ from the driver's: member 0 fingerprint", stderr, StringComparison.Ordinal);

            // The stranger is told why and stops with an error; the good worker serves on.
            Assert.True(stranger.Process.WaitForExit(TimeSpan.FromSeconds(30)), "the refused worker did not stop: " + stranger.Text);
            Assert.Equal(1, stranger.Process.ExitCode);
            Assert.Contains("error: the driver refused this worker: its family, tasks or settings differ from the driver's", stranger.Text, StringComparison.Ordinal);
            Assert.False(worker.Process.HasExited, worker.Text);
        }
        finally
        {
            worker.Kill();
            stranger.Kill();
        }
    }
}

/// <summary>The tool in its own process, its stderr collected as it comes.</summary>
internal sealed class WatchedProcess : IDisposable
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    private WatchedProcess(Process process)
    {
        Process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_gate)
            {
                _text.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public Process Process { get; }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public static WatchedProcess Start(string[] args) => new(CliRunner.Start(args));

    /// <summary>Waits until stderr shows <paramref name="text"/>; fails when the process ends first or the time is up.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Text.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(Process.HasExited, $"the process ended (exit {(Process.HasExited ? Process.ExitCode : 0)}) before showing '{text}': {Text}");
            Assert.True(watch.Elapsed < timeout, $"'{text}' did not show within {timeout.TotalSeconds} s: {Text}");
            await Task.Delay(50);
        }
    }

    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}

/// <summary>
/// A throw-away redis-server on a free loopback port, no persistence. redis-server must be installed (Debian package
/// redis-server; .ci/run installs it): without it the test fails with that message rather than being skipped.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static RedisServer Start(string directory)
    {
        var binary = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin").Append("/usr/sbin")
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: `apt-get install -y redis-server` (Debian package; .ci/run installs it). The multi-node test needs a real Redis.");
        var port = FreePort();
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                Thread.Sleep(50);
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}

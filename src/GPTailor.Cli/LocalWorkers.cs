using System.Diagnostics;
using GPTailor.Distributed;

namespace GPTailor.Cli;

/// <summary>
/// The worker processes of <c>gptailor search --workers N</c>: this same tool run as <c>gptailor worker</c>, one per
/// device (round robin over <c>--devices</c>) or CPU-thread share, joined to the driver's cluster, their stderr copied
/// to ours with a <c>[worker i]</c> prefix (and a line when one exits). They stop with the driver (<c>--exit-with</c>, also after a kill -9) and are
/// killed when disposed. As <see cref="IWorkerProcesses"/> they tell the pool how many still run and how each ended (exit
/// code, last stderr line), so that a search whose workers all crash stops at once.
/// </summary>
internal sealed class LocalWorkers : IWorkerProcesses, IDisposable
{
    /// <summary>How long <see cref="Exits"/> waits for an exited worker's last stderr lines to arrive.</summary>
    private static readonly TimeSpan StderrDrain = TimeSpan.FromSeconds(2);

    private readonly List<Process> _processes = [];
    private readonly List<WorkerOutput> _outputs = [];
    private volatile bool _disposing;

    private LocalWorkers()
    {
    }

    /// <summary>Starts <paramref name="count"/> workers.</summary>
    /// <param name="count">Workers to start.</param>
    /// <param name="devices">Their devices, round robin.</param>
    /// <param name="arguments">The family, tasks and compute arguments every worker gets.</param>
    /// <param name="cluster">The driver's cluster.</param>
    /// <param name="console">Where their stderr goes.</param>
    public static LocalWorkers Start(int count, IReadOnlyList<string> devices, IReadOnlyList<string> arguments, DriverCluster cluster, CliConsole console)
    {
        var workers = new LocalWorkers();
        try
        {
            var cpuWorkers = Enumerable.Range(0, count).Count(i => devices[i % devices.Count] == "cpu");
            var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, cpuWorkers));
            for (var i = 0; i < count; i++)
            {
                var device = devices[i % devices.Count];
                var start = SelfStart();
                foreach (var a in arguments)
                {
                    start.ArgumentList.Add(a);
                }

                string[] own = ["--cluster", cluster.Address.ToString(), "--cluster-id", cluster.Options.ClusterId, "--listen", cluster.Options.ListenAddress.ToString(), "--device", device, "--exit-with", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)];
                foreach (var a in own)
                {
                    start.ArgumentList.Add(a);
                }

                if (device == "cpu")
                {
                    start.ArgumentList.Add("--threads");
                    start.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
                }

                start.Environment[ClusterSecret.EnvironmentVariable] = cluster.Options.Secret;
                var process = new Process { StartInfo = start, EnableRaisingEvents = true };
                var prefix = $"[worker {i + 1}] ";
                process.Exited += (_, _) =>
                {
                    if (!workers._disposing)
                    {
                        lock (console.Error)
                        {
                            console.Error.WriteLine($"{prefix}exited with code {process.ExitCode}");
                        }
                    }
                };
                if (!process.Start())
                {
                    throw new InvalidOperationException("Could not start a worker process.");
                }

                var output = new WorkerOutput($"worker {i + 1}");
                workers._processes.Add(process);
                workers._outputs.Add(output);
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is null)
                    {
                        output.Closed.TrySetResult();
                    }
                    else if (e.Data is { Length: > 0 } line)
                    {
                        output.LastLine = line;
                        lock (console.Error)
                        {
                            console.Error.WriteLine(prefix + line);
                        }
                    }
                };
                process.BeginErrorReadLine();
            }

            return workers;
        }
        catch
        {
            workers.Dispose();
            throw;
        }
    }

    /// <summary>The worker processes (for tests and diagnostics).</summary>
    public IReadOnlyList<Process> Processes => _processes;

    /// <inheritdoc />
    public int Running => _processes.Count(p => !HasExited(p));

    /// <inheritdoc />
    public IReadOnlyList<WorkerProcessExit> Exits
    {
        get
        {
            var exited = Enumerable.Range(0, _processes.Count).Where(i => HasExited(_processes[i])).ToArray();

            // The last lines may still be on their way through the pipe: wait for its end, bounded.
            Task.WaitAll(exited.Select(i => _outputs[i].Closed.Task).ToArray(), StderrDrain);
            return exited.Select(i => new WorkerProcessExit(_outputs[i].Name, ExitCode(_processes[i]), _outputs[i].LastLine)).ToArray();
        }
    }

    /// <summary>Kills the workers that are still running and waits (bounded) for them to end.</summary>
    public void Dispose()
    {
        _disposing = true;
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true; // disposed
        }
    }

    private static int? ExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>How to start this tool again: its apphost, or <c>dotnet exec</c> with its assembly.</summary>
    private static ProcessStartInfo SelfStart()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The tool's own path is not known.");
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = false, RedirectStandardInput = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(LocalWorkers).Assembly.Location);
        }

        start.ArgumentList.Add("worker");
        return start;
    }

    /// <summary>A worker's name, its last stderr line, and the end of its stderr.</summary>
    private sealed class WorkerOutput(string name)
    {
        public string Name { get; } = name;

        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile string? LastLine;
    }
}

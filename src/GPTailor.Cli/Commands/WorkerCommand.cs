using System.Diagnostics;
using GPTailor.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GPTailor.Cli;

/// <summary><c>gptailor worker</c>: a worker silo that evaluates a distributed search's trials on its own device.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliConsole console)
    {
        var family = CommonOptions.Family();
        var tasks = new Option<string>("--tasks") { Description = "tasks.json of the calibration tasks (the driver's, same data).", Required = true };
        var cluster = new ClusterCommandOptions("Cluster to join: redis://HOST:PORT (several machines) or dev://HOST:PORT (a driver's silo on this machine).");
        cluster.Cluster.Required = true;
        var compute = new ComputeOptions();
        var threads = new Option<int?>("--threads") { Description = "CPU threads for evaluation (default: libtorch's choice)." };
        var exitWith = new Option<int?>("--exit-with") { Description = "Stop when the process with this id ends (used by search --workers).", Hidden = true };
        var mergeOnDevice = CommonOptions.MergeOnDevice();
        var verbose = new Option<bool>("--verbose") { Description = "Log every trial." };
        var command = new Command("worker", "Evaluate the trials of distributed searches: load the family and tasks once, join the cluster, serve until stopped.")
        {
            family, tasks, compute, mergeOnDevice, threads, exitWith, verbose,
        };
        foreach (var option in cluster.All)
        {
            command.Add(option);
        }

        command.SetAction((r, ct) => CliErrors.RunAsync(console, async () =>
        {
            var dtype = compute.Validate(r);
            var options = cluster.Build(r);
            var device = compute.ResolveDevice(r, console);
            var sourceCacheBytes = CommonOptions.MergeOnDeviceBytes(r.GetValue(mergeOnDevice));
            CommonOptions.WarnIfMergingOnCpu(console, device, sourceCacheBytes);
            if (r.GetValue(threads) is int n)
            {
                TorchSharp.torch.set_num_threads(n >= 1 ? n : throw new ArgumentException("--threads must be ≥ 1."));
            }

            using var services = Composition.Build(
                o =>
                {
                    o.ComputeDType = dtype;
                    o.Device = device;
                    o.BatchSize = r.GetValue(compute.BatchSize);
                    o.MaxLength = r.GetValue(compute.MaxLength);
                    o.SourceCacheBytes = sourceCacheBytes;
                },
                r.GetValue(verbose));
            var taskSet = TaskSet.Load(r.GetValue(tasks)!);
            using var opened = services.GetRequiredService<IModelFamilyLoader>().Open(FamilyManifest.Load(r.GetValue(family)!));
            using var evaluator = services.GetRequiredService<FitnessEvaluatorPipeline>().Create(opened, taskSet);
            var identity = EvaluationIdentity.Of(opened, taskSet, ClusterCommandOptions.Settings(dtype, r.GetValue(compute.BatchSize), r.GetValue(compute.MaxLength)));
            var verboseLogging = r.GetValue(verbose);
            await using var worker = await WorkerHost.StartAsync(evaluator, identity, opened.LayerCount, opened.CandidateCount, device.ToString(), options, b => Logging(b, verboseLogging), ct).ConfigureAwait(false);
            console.Error.WriteLine($"worker {worker.Evaluation.Name} on {device} joined {options.Cluster} (listening on {worker.Endpoint}; family identity {identity.Hash[..12]})");
            var parentGone = r.GetValue(exitWith) is int pid ? WaitForExitAsync(pid, ct) : Task.Delay(Timeout.Infinite, ct);
            var stopped = Task.Delay(Timeout.Infinite, ct);
            var first = await Task.WhenAny(worker.Evaluation.Refused, parentGone, stopped).ConfigureAwait(false);
            if (first == worker.Evaluation.Refused)
            {
                throw new EvaluatorUnavailableException(worker.Evaluation.Refused.Result);
            }

            ct.ThrowIfCancellationRequested();
            console.Error.WriteLine($"worker {worker.Evaluation.Name}: the driver's process ended; stopping after {worker.Evaluation.Evaluated} trials.");
            return 0;
        }));
        return command;
    }

    private static void Logging(ILoggingBuilder builder, bool verbose) =>
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);

    /// <summary>Completes when the process <paramref name="pid"/> has ended (polled every half second).</summary>
    private static async Task WaitForExitAsync(int pid, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return;
                }
            }
            catch (ArgumentException)
            {
                return; // no such process
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }
}

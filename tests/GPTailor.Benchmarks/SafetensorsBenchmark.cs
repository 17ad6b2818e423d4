using System.Diagnostics;
using System.Globalization;
using GPTailor.Models;
using TorchSharp;

namespace GPTailor.Benchmarks;

/// <summary>
/// Writes and reads bf16 tensors through the safetensors writer, sharded writer, memory-mapped reader and checkpoint,
/// and prints throughput as a markdown table. Arguments: <c>[--size-mib N]</c> (default 512, at least 16)
/// <c>[--dir PATH]</c> (default: a fresh temporary directory, deleted afterwards).
/// Reads follow the writes, so they are usually served from the page cache.
/// </summary>
public static class SafetensorsBenchmark
{
    private const long TensorBytes = 64L << 20;

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        long sizeMiB = 512;
        string? directory = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size-mib" when i + 1 < args.Length && long.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var parsed) && parsed >= 16:
                    sizeMiB = parsed;
                    i++;
                    break;
                case "--dir" when i + 1 < args.Length:
                    directory = args[++i];
                    break;
                default:
                    Console.Error.WriteLine("usage: safetensors [--size-mib N (>= 16)] [--dir PATH]");
                    return 2;
            }
        }

        var ownsDirectory = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "gptailor-st-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            return Measure(directory, sizeMiB);
        }
        finally
        {
            if (ownsDirectory)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static int Measure(string directory, long sizeMiB)
    {
        using var scope = torch.NewDisposeScope();
        var count = (int)Math.Max(1, (sizeMiB << 20) / TensorBytes);
        var columns = TensorBytes / 2 / 4096;
        var generator = new torch.Generator(42);
        var tensors = Enumerable.Range(0, count).ToDictionary(
            i => $"model.layers.{i}.mlp.weight",
            _ => torch.randn(4096, columns, generator: generator).to(torch.ScalarType.BFloat16));
        var totalBytes = count * TensorBytes;
        var rows = new List<(string Operation, double Seconds)>();

        var single = Path.Combine(directory, "single.safetensors");
        rows.Add(("write single file", Time(() => SafetensorsWriter.Write(single, tensors))));
        rows.Add(("read single file (mmap)", Time(() => ReadAll(SafetensorsFile.Open(single)))));

        var sharded = Path.Combine(directory, "sharded");
        rows.Add(("write sharded (256MiB shards)", Time(() => ShardedSafetensorsWriter.Write(sharded, tensors, 256L << 20))));
        rows.Add(("read sharded checkpoint", Time(() => ReadAll(SafetensorsCheckpoint.Open(sharded)))));
        rows.Add(("read sharded → f32", Time(() => ReadAll(SafetensorsCheckpoint.Open(sharded), torch.ScalarType.Float32))));

        var mismatches = CountMismatches(SafetensorsCheckpoint.Open(sharded), tensors);
        Console.WriteLine($"## Safetensors I/O: {count} bf16 tensors of [4096, {columns}], {totalBytes / (1 << 20)} MiB in total");
        Console.WriteLine();
        Console.WriteLine("| operation | seconds | MB/s |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (operation, seconds) in rows)
        {
            Console.WriteLine(FormattableString.Invariant($"| {operation} | {seconds:F2} | {totalBytes / 1e6 / seconds:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(mismatches == 0 ? "Read-back check: all tensors equal." : $"Read-back check: {mismatches} tensors DIFFER.");
        return mismatches == 0 ? 0 : 1;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static void ReadAll(ICheckpoint checkpoint, torch.ScalarType? dtype = null)
    {
        using (checkpoint)
        {
            foreach (var name in checkpoint.TensorNames)
            {
                using var tensor = checkpoint.ReadTensor(name, dtype);
            }
        }
    }

    private static int CountMismatches(ICheckpoint checkpoint, Dictionary<string, torch.Tensor> expected)
    {
        using (checkpoint)
        {
            var mismatches = 0;
            foreach (var (name, tensor) in expected)
            {
                using var scope = torch.NewDisposeScope();
                if (!checkpoint.ReadTensor(name).eq(tensor).all().item<bool>())
                {
                    mismatches++;
                }
            }

            return mismatches;
        }
    }
}

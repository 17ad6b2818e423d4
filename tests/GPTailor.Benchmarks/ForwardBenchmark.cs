using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using GPTailor.Models;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Benchmarks;

/// <summary>
/// Forward-pass throughput of the TorchSharp decoder against the raw matmul peak measured in the same run.
/// Usage: <c>forward [--rounds N] [--iterations N] [--threads N] [--model tiny|100M] [--skip-f32] [--skip-bf16] [--all-bf16]
/// [--profile [--tiny]] [--variants [--tiny]]</c>.
/// Each row alternates, <c>--rounds</c> times, the square matmul peak probe, the forward's own GEMM shapes and
/// <c>--iterations</c> forwards (after a warm-up), and reports medians and the best same-round pair;
/// <c>--profile</c> prints the per-part table of one float32 forward at 4×512 instead, <c>--variants</c> the rewrites of
/// the forward that were tried (<see cref="ForwardVariants"/>). When bfloat16 matmuls are much
/// slower than float32 (CPUs without native bf16 kernels), only the tiny model runs in bfloat16 unless <c>--all-bf16</c>.
/// FLOPs per forward: 2 · (matmul parameters: every layer projection + the head; embeddings excluded) · tokens
/// + attention 4 · B · T² · heads · head_dim · layers (full square, causal half not subtracted).
/// </summary>
public static class ForwardBenchmark
{
    private const string TinyConfig = """
        {"architectures":["LlamaForCausalLM"],"hidden_size":256,"intermediate_size":688,"num_hidden_layers":4,
         "num_attention_heads":8,"num_key_value_heads":2,"vocab_size":1000,"tie_word_embeddings":false}
        """;

    private const string Model100MConfig = """
        {"architectures":["LlamaForCausalLM"],"hidden_size":768,"intermediate_size":2048,"num_hidden_layers":12,
         "num_attention_heads":12,"num_key_value_heads":12,"vocab_size":32000,"tie_word_embeddings":true}
        """;

    /// <summary>Runs the benchmark and prints a table; returns 0.</summary>
    /// <param name="args">Options (see the type summary).</param>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        TorchRuntime.Initialize();
        return RunCore(args);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunCore(string[] args)
    {
        int iterations = IntOption(args, "--iterations", 1);
        int rounds = IntOption(args, "--rounds", 5);
        int threads = IntOption(args, "--threads", 0);
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        Console.WriteLine($"threads: {torch.get_num_threads()}, rounds: {rounds}, forwards per round: {iterations}, load average: {LoadAverage()}");
        if (args.Contains("--profile"))
        {
            var profiled = HfModelConfig.Parse(args.Contains("--tiny") ? TinyConfig : Model100MConfig);
            double squarePeak = MatmulPeak(torch.ScalarType.Float32, 3, print: true);
            using var model = RandomModel(profiled, torch.ScalarType.Float32);
            ForwardProfile.Print(model, 4, 512, Math.Max(3, iterations), squarePeak);
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }

        if (args.Contains("--variants"))
        {
            var config = HfModelConfig.Parse(args.Contains("--tiny") ? TinyConfig : Model100MConfig);
            using var model = RandomModel(config, torch.ScalarType.Float32);
            ForwardVariants.Print(model, 4, 512, rounds, ForwardFlops(config, 4, 512), () => MatmulPeak(torch.ScalarType.Float32, 3, print: false));
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }

        var dtypes = args.Contains("--skip-f32") ? new[] { torch.ScalarType.BFloat16 }
            : args.Contains("--skip-bf16") ? new[] { torch.ScalarType.Float32 } : new[] { torch.ScalarType.Float32, torch.ScalarType.BFloat16 };
        string? only = StringOption(args, "--model");
        var peaks = dtypes.ToDictionary(d => d, d => MatmulPeak(d, 3, print: true));
        bool slowBFloat16 = peaks.TryGetValue(torch.ScalarType.BFloat16, out var bf16Peak)
            && peaks.TryGetValue(torch.ScalarType.Float32, out var f32Peak) && bf16Peak < f32Peak / 2 && !args.Contains("--all-bf16");
        if (slowBFloat16)
        {
            Console.WriteLine("bfloat16 matmuls are far slower than float32 here (no native bf16 kernels, e.g. a CPU without avx512_bf16/AMX):");
            Console.WriteLine("only the tiny model at 4×512 is run in bfloat16 (pass --all-bf16 to run everything). Compute in float32 on such CPUs.");
        }

        Console.WriteLine();
        Console.WriteLine("Each round runs the square peak probe (n², best of matmul and linear), the forward's own GEMM shapes (head,");
        Console.WriteLine("gate/up, down projections as plain F.linear) and the forward, back to back; medians over the rounds. The");
        Console.WriteLine("'% of peak' ratio divides the forward's median GFLOP/s by the median square peak; 'best pair' is the best ratio");
        Console.WriteLine("of one round's forward to the square peak of the same round.");
        Console.WriteLine("| model | params | dtype | batch×len | ms/forward | tokens/s | GFLOP/s | square peak GFLOP/s | forward-shape GEMMs GFLOP/s | % of peak | best pair | % of shape GEMMs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, json) in new[] { ("tiny", TinyConfig), ("100M", Model100MConfig) })
        {
            if (only is not null && !string.Equals(only, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var config = HfModelConfig.Parse(json);
            foreach (var dtype in dtypes)
            {
                foreach (var (batch, length) in new[] { (4, 512), (2, 1024) })
                {
                    if (slowBFloat16 && dtype == torch.ScalarType.BFloat16 && (name != "tiny" || length != 512))
                    {
                        continue;
                    }

                    RunRow(name, config, dtype, batch, length, rounds, iterations);
                }
            }
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static void RunRow(string name, HfModelConfig config, torch.ScalarType dtype, int batch, int length, int rounds, int iterations)
    {
        using var model = RandomModel(config, dtype);
        double flops = ForwardFlops(config, batch, length);
        var forward = new double[rounds];
        var square = new double[rounds];
        var shapes = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            square[r] = MatmulPeak(dtype, 3, print: false);
            shapes[r] = ShapeGemms(config, dtype, batch * length);
            forward[r] = flops / (ForwardMilliseconds(model, config, batch, length, iterations, warmUp: r == 0) * 1e6);
        }

        double gflops = Median(forward), peak = Median(square), shape = Median(shapes);
        double best = forward.Select((f, r) => f / square[r]).Max();
        double ms = flops / (gflops * 1e6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {config.ParameterCount / 1e6:F1}M | {dtype} | {batch}×{length} | {ms:F1} | {batch * length / (ms / 1000):F0} | {gflops:F1} | {peak:F1} | {shape:F1} | {100 * gflops / peak:F0}% | {100 * best:F0}% | {100 * gflops / shape:F0}% |"));
    }

    /// <summary>
    /// GFLOP/s of plain F.linear products with the forward's largest GEMM shapes — [tokens, hidden]·[vocab, hidden]ᵀ (the
    /// head), [tokens, hidden]·[intermediate, hidden]ᵀ (gate or up) and [tokens, intermediate]·[hidden, intermediate]ᵀ
    /// (down) — each run once after a warm-up, on random tensors of the forward's dtype.
    /// </summary>
    private static double ShapeGemms(HfModelConfig c, torch.ScalarType dtype, long tokens)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(tokens, c.HiddenSize).to(dtype);
        var wide = torch.randn(tokens, c.IntermediateSize).to(dtype);
        var head = torch.randn(c.VocabSize, c.HiddenSize).to(dtype);
        var gate = torch.randn(c.IntermediateSize, c.HiddenSize).to(dtype);
        var down = torch.randn(c.HiddenSize, c.IntermediateSize).to(dtype);
        var products = new Func<torch.Tensor>[] { () => F.linear(x, head), () => F.linear(x, gate), () => F.linear(wide, down) };
        foreach (var product in products)
        {
            product().Dispose();
        }

        var watch = Stopwatch.StartNew();
        foreach (var product in products)
        {
            product().Dispose();
        }

        double flops = 2.0 * tokens * c.HiddenSize * (c.VocabSize + (2.0 * c.IntermediateSize));
        return flops / watch.Elapsed.TotalSeconds / 1e9;
    }

    internal static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static double MatmulPeak(torch.ScalarType dtype, int iterations, bool print)
    {
        using var scope = torch.NewDisposeScope();
        int n = 2048;
        var a = torch.randn(512, 512).to(dtype);
        var watch = Stopwatch.StartNew();
        a.matmul(a).Dispose();
        if (watch.Elapsed.TotalMilliseconds > 100)
        {
            n = 512; // no fast kernel for this dtype: a 2048² product would take tens of seconds
        }

        a = torch.randn(n, n).to(dtype);
        var b = torch.randn(n, n).to(dtype);
        double best = 0;
        foreach (var product in new Func<torch.Tensor>[] { () => a.matmul(b), () => torch.nn.functional.linear(a, b) })
        {
            product().Dispose();
            watch.Restart();
            int count = 0;
            while (count < iterations || watch.Elapsed.TotalSeconds < 0.5)
            {
                product().Dispose();
                count++;
            }

            best = Math.Max(best, 2.0 * n * n * n * count / watch.Elapsed.TotalSeconds / 1e9);
        }

        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matmul peak {dtype} {n}² (best of matmul, linear): {best:F1} GFLOP/s"));
        }

        return best;
    }

    private static double ForwardMilliseconds(CausalLanguageModel model, HfModelConfig config, int batch, int length, int iterations, bool warmUp)
    {
        using var scope = torch.NewDisposeScope();
        var ids = torch.randint(0, config.VocabSize, [batch, length], dtype: torch.ScalarType.Int64);
        if (warmUp)
        {
            model.Forward(ids).Dispose();
        }

        var watch = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            model.Forward(ids).Dispose();
        }

        return watch.Elapsed.TotalMilliseconds / iterations;
    }

    private static double ForwardFlops(HfModelConfig c, int batch, int length)
    {
        long q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        long perLayer = (c.HiddenSize * (q + kv + kv)) + (q * c.HiddenSize) + (3L * c.HiddenSize * c.IntermediateSize);
        double matmulParams = (perLayer * (double)c.NumHiddenLayers) + ((double)c.VocabSize * c.HiddenSize);
        double tokens = (double)batch * length;
        double attention = 4.0 * batch * length * length * q * c.NumHiddenLayers;
        return (2 * matmulParams * tokens) + attention;
    }

    private static CausalLanguageModel RandomModel(HfModelConfig c, torch.ScalarType dtype)
    {
        torch.Tensor Rand(params long[] shape)
        {
            using var scope = torch.NewDisposeScope();
            return (torch.randn(shape) * 0.02).to(dtype).MoveToOuterDisposeScope();
        }

        torch.Tensor Ones(long n) => torch.ones(n).to(dtype);
        long q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        var layers = Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new DecoderLayerWeights(
            Ones(c.HiddenSize), Rand(q, c.HiddenSize), Rand(kv, c.HiddenSize), Rand(kv, c.HiddenSize), Rand(c.HiddenSize, q),
            Ones(c.HiddenSize), Rand(c.IntermediateSize, c.HiddenSize), Rand(c.IntermediateSize, c.HiddenSize), Rand(c.HiddenSize, c.IntermediateSize)))
            .ToArray();
        var weights = new ModelWeights(Rand(c.VocabSize, c.HiddenSize), layers, Ones(c.HiddenSize), c.TieWordEmbeddings ? null : Rand(c.VocabSize, c.HiddenSize));
        return weights.CreateModel(c, ownsWeights: true);
    }

    private static string? StringOption(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }
}

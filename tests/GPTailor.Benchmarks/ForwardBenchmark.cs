using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using GPTailor.Models;
using TorchSharp;

namespace GPTailor.Benchmarks;

/// <summary>
/// Forward-pass throughput of the TorchSharp decoder against the raw matmul peak measured in the same run.
/// Usage: <c>forward [--iterations N] [--threads N] [--skip-f32] [--all-bf16]</c>. When bfloat16 matmuls are much
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
        int iterations = IntOption(args, "--iterations", 3);
        int threads = IntOption(args, "--threads", 0);
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        if (args.Contains("--profile"))
        {
            bool tiny = args.Contains("--tiny");
            var profiled = HfModelConfig.Parse(tiny ? TinyConfig : Model100MConfig);
            double squarePeak = MatmulPeak(torch.ScalarType.Float32, iterations, print: true);
            using var model = RandomModel(profiled, torch.ScalarType.Float32);
            ForwardProfile.Print(model, 4, 512, iterations, squarePeak);
            return 0;
        }

        var dtypes = args.Contains("--skip-f32") ? new[] { torch.ScalarType.BFloat16 } : new[] { torch.ScalarType.Float32, torch.ScalarType.BFloat16 };
        Console.WriteLine($"threads: {torch.get_num_threads()}, iterations: {iterations}");
        var peaks = dtypes.ToDictionary(d => d, d => MatmulPeak(d, iterations, print: true));
        bool slowBFloat16 = peaks.TryGetValue(torch.ScalarType.BFloat16, out var bf16Peak)
            && peaks.TryGetValue(torch.ScalarType.Float32, out var f32Peak) && bf16Peak < f32Peak / 2 && !args.Contains("--all-bf16");
        if (slowBFloat16)
        {
            Console.WriteLine("bfloat16 matmuls are far slower than float32 here (no native bf16 kernels, e.g. a CPU without avx512_bf16/AMX):");
            Console.WriteLine("only the tiny model at 4×512 is run in bfloat16 (pass --all-bf16 to run everything). Compute in float32 on such CPUs.");
        }

        Console.WriteLine();
        Console.WriteLine("(peak = matmul GFLOP/s re-measured just before each row, since other load on the machine drifts)");
        Console.WriteLine("| model | params | dtype | batch×len | ms/forward | tokens/s | GFLOP/s | peak GFLOP/s | % of peak |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, json) in new[] { ("tiny", TinyConfig), ("100M", Model100MConfig) })
        {
            var config = HfModelConfig.Parse(json);
            foreach (var dtype in dtypes)
            {
                foreach (var (batch, length) in new[] { (4, 512), (2, 1024) })
                {
                    if (slowBFloat16 && dtype == torch.ScalarType.BFloat16 && (name != "tiny" || length != 512))
                    {
                        continue;
                    }

                    double peak = MatmulPeak(dtype, iterations, print: false);
                    double ms = ForwardMilliseconds(config, dtype, batch, length, iterations);
                    double flops = ForwardFlops(config, batch, length);
                    double gflops = flops / (ms * 1e6);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {config.ParameterCount / 1e6:F1}M | {dtype} | {batch}×{length} | {ms:F1} | {batch * length / (ms / 1000):F0} | {gflops:F1} | {peak:F1} | {100 * gflops / peak:F0}% |"));
                }
            }
        }

        return 0;
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

    private static double ForwardMilliseconds(HfModelConfig config, torch.ScalarType dtype, int batch, int length, int iterations)
    {
        using var model = RandomModel(config, dtype);
        using var scope = torch.NewDisposeScope();
        var ids = torch.randint(0, config.VocabSize, [batch, length], dtype: torch.ScalarType.Int64);
        model.Forward(ids).Dispose();
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

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }
}

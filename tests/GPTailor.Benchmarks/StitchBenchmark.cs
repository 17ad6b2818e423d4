using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GPTailor.Models;
using TorchSharp;

namespace GPTailor.Benchmarks;

/// <summary>
/// Per-trial overhead of stitching (plan → runnable model) against the trial's evaluation, and peak memory of a
/// search over K+1 models against the size S of one model.
/// </summary>
public static class StitchBenchmark
{
    public static int Run(string[] args)
    {
        var hidden = Arg(args, "--hidden", 512);
        var layers = Arg(args, "--layers", 8);
        var candidates = Arg(args, "--candidates", 3);
        var trials = Arg(args, "--trials", 24);
        var tokens = Arg(args, "--tokens", 2048);
        var root = Path.Combine(Path.GetTempPath(), "gptailor-stitch-bench");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }

        var manifest = WriteFamily(root, hidden, layers, candidates);
        var modelBytes = new FileInfo(Path.Combine(manifest.Members[0].Directory, "model.safetensors")).Length;
        GC.Collect();
        var peakReset = ProcessMemory.TryResetPeak();
        var rssBefore = Rss();
        var anonBefore = ProcessMemory.Status("RssAnon:");
        long anonPeak = anonBefore;
        long anonAfterTrimPeak = anonBefore;
        using var family = ModelFamily.Open(manifest);
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = layers, CandidateCount = candidates, RemoveCount = layers / 4 });
        using var stitcher = new PlanStitcher(family, new StitcherOptions { CacheBytes = 2 * modelBytes });
        var random = new Random(7);
        var sequences = Enumerable.Range(0, tokens / 256).Select(_ => Enumerable.Range(0, 256).Select(_ => random.Next(8000)).ToArray()).ToArray();
        double stitch = 0, evaluate = 0;
        for (var t = 0; t < trials; t++)
        {
            var point = Enumerable.Range(0, space.Box.Dimension).Select(_ => random.NextDouble()).ToArray();
            var plan = space.Decode(point);
            var w = Stopwatch.StartNew();
            using var model = stitcher.Build(plan);
            var s = w.Elapsed.TotalSeconds;
            new SequenceScorer(model.Model, new ScoringOptions(BatchSize: 8, MaxLength: 256)).ScoreNll(sequences);
            stitch += s;
            evaluate += w.Elapsed.TotalSeconds - s;
            anonPeak = Math.Max(anonPeak, ProcessMemory.Status("RssAnon:"));
            if (args.Contains("--trim"))
            {
                GPTailor.Models.TorchRuntime.ReleaseFreeNativeMemory();
                anonAfterTrimPeak = Math.Max(anonAfterTrimPeak, ProcessMemory.Status("RssAnon:"));
            }
        }

        var peak = PeakRss();
        var stats = stitcher.Statistics;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| quantity | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(inv, $"| family | {candidates + 1} models × {modelBytes / 1e6:F0} MB (f32; hidden {hidden}, {layers} layers) |"));
        Console.WriteLine(string.Create(inv, $"| trials | {trials} random plans of the GPTailor space, {tokens} tokens scored per trial |"));
        Console.WriteLine(string.Create(inv, $"| mean stitch time / trial | {stitch / trials * 1000:F1} ms |"));
        Console.WriteLine(string.Create(inv, $"| mean evaluation time / trial | {evaluate / trials * 1000:F1} ms |"));
        Console.WriteLine(string.Create(inv, $"| stitch / evaluation | {stitch / evaluate:P1} |"));
        Console.WriteLine(string.Create(inv, $"| cache hits / misses | {stats.Hits} / {stats.Misses} |"));
        Console.WriteLine(string.Create(inv, $"| cache peak | {stats.PeakBytes / 1e6:F0} MB (= {(double)stats.PeakBytes / modelBytes:F2} S) |"));
        Console.WriteLine(string.Create(inv, $"| process peak RSS growth{(peakReset ? "" : " (peak not resettable here: includes writing the family)")} | {(peak - rssBefore) / 1e6:F0} MB (= {(double)(peak - rssBefore) / modelBytes:F2} S; (K+1)·S = {(candidates + 1) * modelBytes / 1e6:F0} MB) |"));
        Console.WriteLine(string.Create(inv, $"| peak anonymous memory growth (sampled after each trial) | {(anonPeak - anonBefore) / 1e6:F0} MB (= {(double)(anonPeak - anonBefore) / modelBytes:F2} S) |"));
        if (args.Contains("--trim"))
        {
            Console.WriteLine(string.Create(inv, $"| peak anonymous memory growth after malloc_trim (sampled after each trial) | {(anonAfterTrimPeak - anonBefore) / 1e6:F0} MB (= {(double)(anonAfterTrimPeak - anonBefore) / modelBytes:F2} S) |"));
        }

        Directory.Delete(root, true);
        return 0;
    }

    internal static FamilyManifest WriteFamily(string root, int hidden, int layers, int candidates)
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["hidden_size"] = hidden,
            ["intermediate_size"] = hidden * 8 / 3 / 64 * 64,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = hidden / 64,
            ["num_key_value_heads"] = hidden / 64,
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 10000.0,
            ["vocab_size"] = 8000,
            ["tie_word_embeddings"] = false,
            ["torch_dtype"] = "float32",
            ["max_position_embeddings"] = 2048,
        };
        var parsed = HfModelConfig.Parse(config.ToJsonString());
        var dirs = new List<string>();
        for (var m = 0; m <= candidates; m++)
        {
            using var scope = torch.NewDisposeScope();
            var generator = new torch.Generator((ulong)(m + 1));
            var tensors = parsed.Architecture.ExpectedTensors(parsed).ToDictionary(kv => kv.Key, kv => torch.randn(kv.Value, generator: generator) * 0.02);
            var dir = Path.Combine(root, m == 0 ? "base" : $"c{m}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
            dirs.Add(dir);
        }

        return FamilyManifest.FromDirectories(dirs);
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static long Rss() => ProcessMemory.Status("VmRSS:");

    private static long PeakRss() => ProcessMemory.Status("VmHWM:");
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GPTailor.Models;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace GPTailor.Benchmarks;

/// <summary>
/// A search on a 1B-parameter family: TinyLlama's shape (22 layers, hidden 2048, 32 heads / 4 KV heads, intermediate
/// 5632, vocab 32,000) with random weights, base + 3 members as bf16 safetensors (≈ 2.2 GB each), written once to a
/// cache directory and reused; a float32 search of <c>--trials</c> trials over a small perplexity task and a tiny
/// multiple-choice task. Prints the peak RSS against one member's float32 size S, the time per trial split into
/// stitch / forward / other (also per trial, and for the initial-design trials apart from the later ones, with the
/// merged-layer cache's hits / misses / evictions), and the prefix cache's savings from the journal's counters.
/// Arguments: <c>--trials 20</c>, <c>--initial 6</c> (initial design), <c>--ppl-docs 4</c>, <c>--ppl-tokens 128</c>,
/// <c>--mc-docs 4</c>, <c>--batch 4</c>, <c>--optimizer NAME</c> (default: the library's default optimizer), <c>--merge-bytes N</c>, <c>--prefix-bytes N</c>,
/// <c>--cache DIR</c> (default <c>~/.cache/gptailor/scale-family-v1</c>), <c>--min-available-gb 12</c>, <c>--device cpu|cuda</c>,
/// <c>--source-bytes N</c> (merges on the device, <see cref="TorchSharpEvaluatorOptions.SourceCacheBytes"/>).
/// <c>--device-merge-profile N</c> runs no search: see <see cref="DeviceMergeProfile"/>.
/// <c>--merge-profile N</c> runs no search: it merges N layer groups (task arithmetic of members 1–3 on the base, a new λ
/// each time) the previous way (each source read whole, converted to float32, then <see cref="WeightMerger"/>)
/// and streamed (<c>StreamingMerger</c>) on one thread and on libtorch's thread count, alternating the order, and prints both side by side with the old way's breakdown.
/// </summary>
public static class ScaleBenchmark
{
    private const int Layers = 22;
    private const int Vocab = 32000;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var trials = StitchBenchmark.Arg(args, "--trials", 20);
        var initial = StitchBenchmark.Arg(args, "--initial", 6);
        var pplDocs = StitchBenchmark.Arg(args, "--ppl-docs", 4);
        var pplTokens = StitchBenchmark.Arg(args, "--ppl-tokens", 128);
        var mcDocs = StitchBenchmark.Arg(args, "--mc-docs", 4);
        var batch = StitchBenchmark.Arg(args, "--batch", 4);
        var optimizerArg = Text(args, "--optimizer");
        var defaults = new TorchSharpEvaluatorOptions();
        var mergeBytes = Text(args, "--merge-bytes") is { } mb ? long.Parse(mb, Inv) : defaults.MergeCacheBytes;
        var prefixBytes = Text(args, "--prefix-bytes") is { } pb ? long.Parse(pb, Inv) : defaults.PrefixCacheBytes;
        var cache = Text(args, "--cache") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gptailor", "scale-family-v1");
        var minAvailable = StitchBenchmark.Arg(args, "--min-available-gb", 12);

        var config = Config();
        var parsed = HfModelConfig.Parse(config.ToJsonString());
        var shapes = parsed.Architecture.ExpectedTensors(parsed);
        var memberF32 = shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)) * 4;
        var generate = Stopwatch.StartNew();
        var (familyPath, tasksPath, generated) = EnsureFamily(cache, config, shapes, pplDocs, pplTokens, mcDocs);
        if (generated)
        {
            Console.WriteLine(string.Create(Inv, $"family written to {cache} in {generate.Elapsed.TotalSeconds:F0} s"));
        }

        if (StitchBenchmark.Arg(args, "--merge-profile", 0) is var profileLayers and > 0)
        {
            return MergeProfile(familyPath, profileLayers);
        }

        var device = ComputeDevice.Parse(Text(args, "--device") ?? "cpu");
        if (StitchBenchmark.Arg(args, "--device-merge-profile", 0) is var deviceLayers and > 0)
        {
            return DeviceMergeProfile.Run(familyPath, deviceLayers, device, StitchBenchmark.Arg(args, "--rounds", 3));
        }

        var sourceBytes = Text(args, "--source-bytes") is { } sb ? long.Parse(sb, Inv) : 0;

        var available = ProcessMemory.MemInfo("MemAvailable:");
        if (available < minAvailable * 1_000_000_000L)
        {
            Console.Error.WriteLine(string.Create(Inv, $"only {available / 1e9:F1} GB of memory available, {minAvailable} GB needed (--min-available-gb); not running the search"));
            return 1;
        }

        var run = Path.Combine(Path.GetTempPath(), "gptailor-scale-bench-run");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, true);
        }

        var evaluators = new List<IFitnessEvaluator>();
        var perTrial = new List<TrialTimes>();
        var services = new ServiceCollection();
        services.AddGPTailor().AddSearch().AddTorchSharpModels(o =>
        {
            o.BatchSize = batch;
            o.MergeCacheBytes = mergeBytes;
            o.PrefixCacheBytes = prefixBytes;
            o.Device = device;
            o.SourceCacheBytes = sourceBytes;
        });
        services.Replace(ServiceDescriptor.Singleton<IFitnessEvaluatorFactory>(sp =>
            new RecordingFactory(new TorchSharpEvaluatorFactory(sp.GetRequiredService<IOptions<TorchSharpEvaluatorOptions>>()), evaluators, perTrial)));
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<TailoringRunner>();
        var optimizer = optimizerArg ?? provider.GetRequiredService<IOptions<GPTailorOptions>>().Value.Optimizer;
        var request = new SearchRequest
        {
            FamilyPath = familyPath, TasksPath = tasksPath, RunDirectory = run, Remove = Layers / 4, Optimizer = optimizer,
            Trials = trials, Seed = 1, InitialDesignSize = initial,
        };

        GC.Collect();
        TorchRuntime.ReleaseFreeNativeMemory();
        var peakReset = ProcessMemory.TryResetPeak();
        var rssBefore = ProcessMemory.Status("VmRSS:");
        using var sampler = new MemorySampler();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        runner.SearchAsync(request).GetAwaiter().GetResult();
        var wall = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var peak = ProcessMemory.Status("VmHWM:");
        sampler.Stop();

        var journal = SearchJournal.Read(Path.Combine(run, "journal.jsonl"));
        long Sum(string counter) => journal.Sum(t => t.Scores?.Counters?.GetValueOrDefault(counter) ?? 0);
        var forwardsRun = Sum(TaskSetEvaluator.LayerForwardsCounter);
        var forwardsSaved = Sum(TaskSetEvaluator.LayerForwardsSavedCounter);
        var stats = evaluators.Select(e => e.GetService<TaskSetEvaluator>()!.Statistics).ToArray();
        var stitchers = evaluators.Select(e => e.GetService<PlanStitcher>()!.Statistics).ToArray();
        var evaluations = stats.Sum(s => s.Evaluations);
        var stitch = stats.Sum(s => s.StitchSeconds);
        var forward = stats.Sum(s => s.ScoreSeconds);
        var other = wall - stitch - forward;
        var prefixPeak = stats.Max(s => s.PrefixCache?.PeakBytes ?? 0);
        var mergePeak = stitchers.Max(s => s.PeakBytes);
        var onDisk = Directory.GetFiles(cache, "model.safetensors", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        double S(long bytes) => (double)bytes / memberF32;
        var target = 1.3 * memberF32 + mergeBytes + prefixBytes;

        Console.WriteLine();
        Console.WriteLine("| quantity | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(Inv, $"| family | base + 3 members, TinyLlama shape, {onDisk / 4 / 1e9:F2} GB bf16 each on disk; one member in float32 S = {memberF32 / 1e9:F2} GB |"));
        Console.WriteLine(string.Create(Inv, $"| search | {optimizer}, {journal.Count} trials ({initial} initial design), remove {Layers / 4} of {Layers}, float32, batch {batch}; ppl {pplDocs} × {pplTokens} tokens + mc {mcDocs} questions; {evaluations} plans scored |"));
        Console.WriteLine(string.Create(Inv, $"| search wall / CPU | {wall:F0} s / {cpuSeconds:F0} s |"));
        Console.WriteLine(string.Create(Inv, $"| per trial: stitch / forward / other | {stitch / journal.Count:F2} / {forward / journal.Count:F2} / {other / journal.Count:F2} s |"));
        Console.WriteLine(string.Create(Inv, $"| stitch share of a trial | **{stitch / wall:P1}** (of a scored plan: {stitch / (stitch + forward):P1}) |"));
        Console.WriteLine(string.Create(Inv, $"| layer forwards run / saved by the prefix cache | {forwardsRun:N0} / {forwardsSaved:N0} ({(forwardsRun + forwardsSaved) / (double)Math.Max(1, forwardsRun):F2}× fewer) |"));
        Console.WriteLine(string.Create(Inv, $"| merged-layer cache peak / budget | {mergePeak / 1e9:F2} / {mergeBytes / 1e9:F2} GB; hits / misses / evictions / skipped (never built: every batch resumed past them) {stitchers.Sum(s => s.Hits)} / {stitchers.Sum(s => s.Misses)} / {stitchers.Sum(s => s.Evictions)} / {stitchers.Sum(s => s.Skipped)} ({(double)stitchers.Sum(s => s.Misses) / Math.Max(1, evaluations):F1} groups loaded or merged per scored plan) |"));
        if (sourceBytes > 0)
        {
            Console.WriteLine(string.Create(Inv, $"| merges on the device: members' tensors copied / reused, peak / budget | {stitchers.Sum(s => s.SourceMisses)} / {stitchers.Sum(s => s.SourceHits)}, {stitchers.Max(s => s.SourcePeakBytes) / 1e9:F2} / {sourceBytes / 1e9:F2} GB |"));
        }

        Console.WriteLine(string.Create(Inv, $"| prefix cache peak / budget | {prefixPeak / 1e9:F2} / {prefixBytes / 1e9:F2} GB |"));
        Console.WriteLine(string.Create(Inv, $"| peak RSS (VmHWM{(peakReset ? ", reset before the search" : ", not resettable: includes writing the family")}) | **{peak / 1e9:F2} GB = {S(peak):F2} S** (before the search {rssBefore / 1e9:F2} GB) |"));
        Console.WriteLine(string.Create(Inv, $"| peak anonymous / file-backed RSS (sampled every 50 ms) | {sampler.PeakAnon / 1e9:F2} GB = {S(sampler.PeakAnon):F2} S / {sampler.PeakFile / 1e9:F2} GB = {S(sampler.PeakFile):F2} S |"));
        Console.WriteLine(string.Create(Inv, $"| target: 1.3 S + cache budgets | {target / 1e9:F2} GB: peak RSS {(peak <= target ? "within" : "**over**")}, anonymous peak {(sampler.PeakAnon <= target ? "within" : "**over**")} |"));
        PrintPerTrial(perTrial, initial);
        var keptJournal = Path.Combine(Path.GetTempPath(), "gptailor-scale-bench-journal.jsonl");
        File.Copy(Path.Combine(run, "journal.jsonl"), keptJournal, true);
        Console.WriteLine(string.Create(Inv, $"journal kept at {keptJournal}"));
        Directory.Delete(run, true);
        return 0;
    }

    /// <summary>Prints each scored plan's stitch / forward / CPU time and cache counters, and the initial design's apart from the later trials'.</summary>
    private static void PrintPerTrial(List<TrialTimes> trials, int initial)
    {
        // Groups no earlier plan used: what even an unbounded merged-layer cache would still have to load or merge.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fresh = trials.Select(t => t.Groups.Count(seen.Add)).ToArray();
        Console.WriteLine();
        Console.WriteLine("| trial | stitch s | forward s | process CPU s | stitch share | hits / misses / evictions / skipped | groups new to the search |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (t, i) in trials.Select((t, i) => (t, i)))
        {
            Console.WriteLine(string.Create(Inv, $"| {i + 1}{(i < initial ? " (design)" : "")} | {t.Stitch:F2} | {t.Forward:F2} | {t.Cpu:F1} | {t.Stitch / (t.Stitch + t.Forward):P1} | {t.Hits} / {t.Misses} / {t.Evictions} / {t.Skipped} | {fresh[i]} of {t.Groups.Count} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| trials | count | stitch / forward s per trial | process CPU s per trial | stitch share (stitch / (stitch + forward)) | hits / misses / evictions / skipped | groups new to the search (an unbounded cache's misses) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, skip, take) in new[] { ("initial design", 0, initial), ("later", initial, trials.Count), ("all", 0, trials.Count) })
        {
            var kind = trials.Skip(skip).Take(take).ToList();
            if (kind.Count == 0)
            {
                continue;
            }

            double stitch = kind.Sum(t => t.Stitch), forward = kind.Sum(t => t.Forward);
            Console.WriteLine(string.Create(Inv, $"| {name} | {kind.Count} | {stitch / kind.Count:F2} / {forward / kind.Count:F2} | {kind.Sum(t => t.Cpu) / kind.Count:F1} | **{stitch / (stitch + forward):P1}** | {kind.Sum(t => t.Hits)} / {kind.Sum(t => t.Misses)} / {kind.Sum(t => t.Evictions)} / {kind.Sum(t => t.Skipped)} | {fresh.Skip(skip).Take(take).Sum()} of {kind.Sum(t => t.Groups.Count)} |"));
        }
    }

    /// <summary>Times merged layer groups the previous way and streamed, alternating, and checks that both agree bit for bit.</summary>
    private static int MergeProfile(string familyPath, int count)
    {
        using var family = ModelFamily.Open(FamilyManifest.Load(familyPath));
        var config = family.BaseConfig;
        var roles = TensorRoles.PresentLayerRoles(config).ToArray();
        var process = Process.GetCurrentProcess();
        double readS = 0, convertS = 0, mergeS = 0, oldS = 0, oldCpu = 0, newS = 0, newCpu = 0, oneS = 0, oneCpu = 0;
        var identical = true;
        long parameters = 0;
        for (var i = 0; i < count; i++)
        {
            var layer = i % family.LayerCount;
            var recipe = MergeRecipe.TaskArithmeticOf([1, 2, 3], 0.3 + (0.01 * i));
            foreach (var way in i % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0])
            {
                var streamedFirst = way > 0;
                using var scope = torch.NewDisposeScope();
                var names = roles.Select(r => TensorRoles.NameOf(config, r, layer)!).ToArray();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var results = new List<torch.Tensor>();
                if (streamedFirst)
                {
                    foreach (var name in names)
                    {
                        var sources = recipe.Members.Select(m => new StreamingMerger.Source(family.CheckpointOf(m), name)).ToArray();
                        results.Add(StreamingMerger.Merge(recipe, sources, new StreamingMerger.Source(family.CheckpointOf(0), name), torch.ScalarType.Float32, threads: way == 1 ? 1 : null));
                    }

                    process.Refresh();
                    if (way == 1)
                    {
                        oneS += watch.Elapsed.TotalSeconds;
                        oneCpu += (process.TotalProcessorTime - cpu).TotalSeconds;
                    }
                    else
                    {
                        newS += watch.Elapsed.TotalSeconds;
                        newCpu += (process.TotalProcessorTime - cpu).TotalSeconds;
                    }
                }
                else
                {
                    foreach (var name in names)
                    {
                        var lap = Stopwatch.StartNew();
                        var raw = recipe.Members.Prepend(0).Select(m => family.CheckpointOf(m).ReadTensor(name)).ToArray();
                        readS += lap.Elapsed.TotalSeconds;
                        lap.Restart();
                        var f32 = raw.Select(t => t.to(torch.ScalarType.Float32)).ToArray();
                        convertS += lap.Elapsed.TotalSeconds;
                        lap.Restart();
                        results.Add(WeightMerger.Merge(recipe, f32[1..], f32[0]));
                        mergeS += lap.Elapsed.TotalSeconds;
                        foreach (var t in raw.Concat(f32))
                        {
                            t.Dispose();
                        }
                    }

                    oldS += watch.Elapsed.TotalSeconds;
                    process.Refresh();
                    oldCpu += (process.TotalProcessorTime - cpu).TotalSeconds;
                }

                parameters = results.Sum(t => t.NumberOfElements);
                Check(results, string.Join(",", names) + recipe.ToKey(), ref identical);
                TorchRuntime.ReleaseFreeNativeMemory();
            }
        }

        var n = (double)count;
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"{count} merged layer groups (task arithmetic of 3 members on the base, {parameters / 1e6:F1} M parameters each, bf16 → float32), old and streamed alternating:"));
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"| per merged layer group | old: read whole + convert + WeightMerger | streamed, 1 thread | streamed, {torch.get_num_threads()} threads | old / streamed ({torch.get_num_threads()} threads) |"));
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(string.Create(Inv, $"| wall s | {oldS / n:F3} (read {readS / n:F3}, convert {convertS / n:F3}, merge {mergeS / n:F3}) | {oneS / n:F3} | {newS / n:F3} | **{oldS / newS:F2}×** |"));
        Console.WriteLine(string.Create(Inv, $"| process CPU s | {oldCpu / n:F3} | {oneCpu / n:F3} | {newCpu / n:F3} | {oldCpu / newCpu:F2}× |"));
        Console.WriteLine(string.Create(Inv, $"| results bit-identical | {(identical ? "yes" : "**no**")} | | | |"));
        return identical ? 0 : 1;
    }

    /// <summary>Compares each way's results with the first way's of the same group (kept until the end: a few GB at most).</summary>
    private static void Check(List<torch.Tensor> results, string key, ref bool identical)
    {
        if (PendingResults.TryGetValue(key, out var earlier))
        {
            identical &= earlier.Zip(results).All(p => p.First.equal(p.Second).all().item<bool>());
        }
        else
        {
            PendingResults[key] = results.Select(t => t.DetachFromDisposeScope()).ToList();
        }
    }

    private static readonly Dictionary<string, List<torch.Tensor>> PendingResults = [];

    private static JsonObject Config() => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["hidden_size"] = 2048,
        ["intermediate_size"] = 5632,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = 32,
        ["num_key_value_heads"] = 4,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["vocab_size"] = Vocab,
        ["tie_word_embeddings"] = false,
        ["torch_dtype"] = "bfloat16",
        ["bos_token_id"] = 1,
        ["eos_token_id"] = 2,
        ["max_position_embeddings"] = 2048,
    };

    /// <summary>Writes the family (unless a complete one is cached) and, each run, the tasks.</summary>
    private static (string Family, string Tasks, bool Generated) EnsureFamily(string root, JsonObject config, IReadOnlyDictionary<string, long[]> shapes, int pplDocs, int pplTokens, int mcDocs)
    {
        var familyPath = Path.Combine(root, "family.json");
        var marker = Path.Combine(root, "complete");
        var generated = false;
        if (!File.Exists(marker))
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, true);
            }

            var names = shapes.Keys.Order(StringComparer.Ordinal).ToArray();
            var specs = names.Select(n => new TensorSpec(n, torch.ScalarType.BFloat16, shapes[n])).ToArray();
            var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            var dirs = new List<string>();
            for (var m = 0; m <= 3; m++)
            {
                var dir = Path.Combine(root, m == 0 ? "base" : $"c{m}");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                var member = m;
                SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), specs, name => Tensor(name, shapes[name], index[name], member));
                dirs.Add(dir);
            }

            PrefixBenchmark.WriteTasks(root, dirs[0], Vocab, mcDocs, pplDocs, pplTokens, pplTokens + 1);
            FamilyManifest.FromDirectories(dirs).Save(familyPath);
            File.WriteAllText(marker, "scale-family-v1\n");
            generated = true;
        }

        var tasksPath = PrefixBenchmark.WriteTasks(root, null, Vocab, mcDocs, pplDocs, pplTokens, pplTokens + 1);
        return (familyPath, tasksPath, generated);
    }

    /// <summary>One tensor of member <paramref name="member"/>: the base's (seeded by the tensor's index) plus, for a member, a small seeded delta.</summary>
    private static torch.Tensor Tensor(string name, long[] shape, int index, int member)
    {
        var isNorm = name.EndsWith("norm.weight", StringComparison.Ordinal);
        var value = isNorm ? torch.ones(shape) : torch.randn(shape, generator: new torch.Generator((ulong)(1000 + index))).mul_(0.02);
        if (member > 0)
        {
            value.add_(torch.randn(shape, generator: new torch.Generator((ulong)(1000 * (member + 1) + index))).mul_(isNorm ? 0.01 : 0.002));
        }

        return value.to(torch.ScalarType.BFloat16);
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }





    /// <summary>Hands out the real evaluators and remembers them, so that their statistics can be read after the search; records each evaluation's times and cache counters.</summary>
    private sealed class RecordingFactory(IFitnessEvaluatorFactory inner, List<IFitnessEvaluator> created, List<TrialTimes> trials) : IFitnessEvaluatorFactory
    {
        public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks)
        {
            var evaluator = new TimingEvaluator(inner.Create(family, tasks), trials);
            lock (created)
            {
                created.Add(evaluator);
            }

            return evaluator;
        }
    }

    /// <summary>One scored plan: stitch and forward seconds, process CPU seconds, merged-layer cache counters.</summary>
    private sealed record TrialTimes(double Stitch, double Forward, double Cpu, int Hits, int Misses, int Evictions, int Skipped, IReadOnlyList<string> Groups);

    /// <summary>Records the change of the inner evaluator's statistics over each evaluation (evaluations run one at a time here).</summary>
    private sealed class TimingEvaluator(IFitnessEvaluator inner, List<TrialTimes> trials) : DelegatingFitnessEvaluator(inner)
    {
        public override async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            var evaluator = InnerEvaluator.GetService<TaskSetEvaluator>()!;
            var stitcher = InnerEvaluator.GetService<PlanStitcher>()!;
            var (e0, s0) = (evaluator.Statistics, stitcher.Statistics);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var scores = await base.EvaluateAsync(plan, budget, cancellationToken);
            var (e1, s1) = (evaluator.Statistics, stitcher.Statistics);
            lock (trials)
            {
                trials.Add(new TrialTimes(e1.StitchSeconds - e0.StitchSeconds, e1.ScoreSeconds - e0.ScoreSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,
                    s1.Hits - s0.Hits, s1.Misses - s0.Misses, s1.Evictions - s0.Evictions, s1.Skipped - s0.Skipped, stitcher.GroupKeys(plan)));
            }

            return scores;
        }
    }

    /// <summary>Samples the process's anonymous and file-backed resident memory every 50 ms and keeps the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public MemorySampler()
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = "rss-sampler" };
            _thread.Start();
        }

        public long PeakAnon { get; private set; }

        public long PeakFile { get; private set; }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        public void Dispose() => Stop();

        private void Loop()
        {
            while (!_stop)
            {
                PeakAnon = Math.Max(PeakAnon, ProcessMemory.Status("RssAnon:"));
                PeakFile = Math.Max(PeakFile, ProcessMemory.Status("RssFile:"));
                Thread.Sleep(50);
            }
        }
    }
}

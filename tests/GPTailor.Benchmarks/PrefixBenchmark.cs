using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GPTailor.Models;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using TorchSharp;

namespace GPTailor.Benchmarks;

/// <summary>
/// The prefix-activation cache on whole searches: for each family size and optimizer, the same search (same seed) runs
/// without and with the cache, side by side in one process; the table gives the decoder-layer forwards each ran (from
/// the journals' counters), the search wall times and their ratios, and checks that both journals hold the same plans
/// with bit-identical scores. The plans of each recorded journal are then replayed through two bare evaluators (no search
/// overhead), without and with the cache, taking turns plan by plan (with <c>--replay</c>). Wall times on a shared machine are noisy, so the
/// process CPU time of each search is given as well. With <c>--journal J --family F --tasks T</c> it replays a journal of your own.
/// Arguments: <c>--layers 8,16</c>, <c>--hidden 256</c>, <c>--trials N</c> (default: a search's, 100),
/// <c>--optimizers a,b</c> (default: the library's default optimizer, cmaes, random),
/// <c>--docs 16</c> (per task; an optimizer may also be a <see cref="BenchmarkVariants"/> name), <c>--batch 8</c>, <c>--replay</c>, <c>--prefix-bytes N</c> (the cache budget; default
/// <see cref="TorchSharpEvaluatorOptions.PrefixCacheBytes"/>), <c>--spill-bytes N</c> (the spill tier's budget, CUDA only; default 0),
/// <c>--device cpu|cuda</c> (default cpu), <c>--keep</c> (keep the families and run directories).
/// </summary>
public static class PrefixBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        if (Text(args, "--journal") is { } journal)
        {
            Console.WriteLine("| journal | plans | layer forwards without → with | fewer | scoring s without → with | speed-up | cache peak | identical | an unbounded cache: fewer |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            var replayBudget = Text(args, "--prefix-bytes") is { } rb ? long.Parse(rb, Inv) : new TorchSharpEvaluatorOptions().PrefixCacheBytes;
            Replay(Path.GetFileName(journal), journal, Text(args, "--family") ?? throw new ArgumentException("--family is needed with --journal"), Text(args, "--tasks") ?? throw new ArgumentException("--tasks is needed with --journal"), Int(args, "--batch", 8), replayBudget, Where(args));
            return 0;
        }

        var layerCounts = (Text(args, "--layers") ?? "8,16").Split(',').Select(s => int.Parse(s, Inv)).ToArray();
        var optimizers = (Text(args, "--optimizers") ?? $"{new GPTailorOptions().Optimizer},cmaes,random").Split(',');
        var hidden = Int(args, "--hidden", 256);
        var trials = Int(args, "--trials", new SearchRequest { FamilyPath = "", TasksPath = "", RunDirectory = "" }.Trials);
        var docs = Int(args, "--docs", 16);
        var batch = Int(args, "--batch", 8);
        var budget = Text(args, "--prefix-bytes") is { } bytes ? long.Parse(bytes, Inv) : new TorchSharpEvaluatorOptions().PrefixCacheBytes;
        var where = Where(args);
        var root = Path.Combine(Path.GetTempPath(), "gptailor-prefix-bench");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }

        var replays = new List<(string Name, string Journal, string Family, string Tasks)>();
        Console.WriteLine($"## Live searches ({trials} trials, remove ¼ of the layers, default budgets and initial design, batch {batch}, cache budget {budget / 1048576.0:F0} MiB, spill tier {where.SpillBytes / 1048576.0:F0} MiB, device {where.Device})");
        Console.WriteLine();
        Console.WriteLine("| family | optimizer | layer forwards without → with | fewer | search wall s without → with | speed-up | CPU s without → with | CPU ratio | identical journal scores |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var layers in layerCounts)
        {
            var dir = Path.Combine(root, $"L{layers}");
            var (familyPath, tasksPath) = WriteFamily(dir, hidden, layers, docs);
            foreach (var optimizer in optimizers)
            {
                var without = Search(familyPath, tasksPath, Path.Combine(dir, $"{optimizer}-plain"), optimizer, layers, trials, batch, cacheBytes: 0, where);
                var with = Search(familyPath, tasksPath, Path.Combine(dir, $"{optimizer}-cached"), optimizer, layers, trials, batch, cacheBytes: budget, where);
                var a = SearchJournal.Read(Path.Combine(without.Run, "journal.jsonl"));
                var b = SearchJournal.Read(Path.Combine(with.Run, "journal.jsonl"));
                var identical = a.Count == b.Count && a.Zip(b).All(p => p.First.PlanHash == p.Second.PlanHash
                    && p.First.Scores!.Scores.Select(s => s.Value).SequenceEqual(p.Second.Scores!.Scores.Select(s => s.Value)));
                long runA = Sum(a, TaskSetEvaluator.LayerForwardsCounter), runB = Sum(b, TaskSetEvaluator.LayerForwardsCounter);
                Console.WriteLine(string.Create(Inv, $"| {layers} layers, hidden {hidden} | {optimizer} | {runA:N0} → {runB:N0} | **{(double)runA / runB:F2}×** | {without.Seconds:F1} → {with.Seconds:F1} | **{without.Seconds / with.Seconds:F2}×** | {without.Cpu:F1} → {with.Cpu:F1} | {without.Cpu / with.Cpu:F2}× | {(identical ? "yes" : "**NO**")} |"));
                replays.Add(($"{layers} layers, {optimizer}", Path.Combine(without.Run, "journal.jsonl"), familyPath, tasksPath));
            }
        }

        if (!args.Contains("--replay"))
        {
            Finish(root, args);
            return 0;
        }

        Console.WriteLine();
        Console.WriteLine("## Replay of the recorded journals through a bare evaluator (distinct plans in journal order)");
        Console.WriteLine();
        Console.WriteLine("| journal | plans | layer forwards without → with | fewer | scoring s without → with | speed-up | cache peak | identical | an unbounded cache: fewer |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, journalPath, family, tasks) in replays)
        {
            Replay(name, journalPath, family, tasks, batch, budget, where);
        }

        Finish(root, args);
        return 0;
    }

    private static void Finish(string root, string[] args)
    {
        if (args.Contains("--keep"))
        {
            Console.WriteLine($"\nfamilies, tasks and run directories kept under {root}");
        }
        else
        {
            Directory.Delete(root, true);
        }
    }

    /// <summary>The compute device and the prefix cache's spill budget (<c>--device</c>, <c>--spill-bytes</c>).</summary>
    private sealed record Placement(ComputeDevice Device, long SpillBytes);

    private static Placement Where(string[] args) => new(
        ComputeDevice.Parse(Text(args, "--device") ?? "cpu"),
        Text(args, "--spill-bytes") is { } spill ? long.Parse(spill, Inv) : 0);

    private static (string Run, double Seconds, double Cpu) Search(string family, string tasks, string run, string optimizer, int layers, int trials, int batch, long cacheBytes, Placement where)
    {
        var services = new ServiceCollection();
        var builder = services.AddGPTailor();
        BenchmarkVariants.Configure(builder, BenchmarkVariants.Names.Where(optimizer.Equals), tell: null);
        builder.AddSearch().AddTorchSharpModels(o =>
        {
            o.BatchSize = batch;
            o.PrefixCacheBytes = cacheBytes;
            o.PrefixCacheSpillBytes = cacheBytes > 0 ? where.SpillBytes : 0;
            o.Device = where.Device;
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<TailoringRunner>();
        var request = new SearchRequest { FamilyPath = family, TasksPath = tasks, RunDirectory = run, Remove = layers / 4, Optimizer = optimizer, Trials = trials, Seed = 1 };
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        runner.SearchAsync(request).GetAwaiter().GetResult();
        return (run, watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static void Replay(string name, string journalPath, string familyPath, string tasksPath, int batch, long budget, Placement where)
    {
        var records = SearchJournal.Read(journalPath).Where(t => t.Scores is not null).DistinctBy(t => (t.PlanHash, t.Budget)).ToArray();
        var tasks = TaskSet.Load(tasksPath);
        using var family = ModelFamily.Open(FamilyManifest.Load(familyPath));
        var tokenizer = HfTokenizer.TryLoad(family.BaseDirectory);
        // Both evaluators score each plan in turn (alternating which goes first), so that the load of a shared machine
        // falls on both alike.
        using var plainStitcher = new PlanStitcher(family, new StitcherOptions { Device = where.Device });
        using var plain = new TaskSetEvaluator(plainStitcher, tasks, tokenizer, new ScoringOptions(BatchSize: batch));
        using var cachedStitcher = new PlanStitcher(family, new StitcherOptions { Device = where.Device });
        using var cached = new TaskSetEvaluator(cachedStitcher, tasks, tokenizer, new ScoringOptions(BatchSize: batch), prefixCacheBytes: budget, prefixCacheSpillBytes: where.SpillBytes);
        var plainValues = new List<double>();
        var cachedValues = new List<double>();
        for (int i = 0; i < records.Length; i++)
        {
            var r = records[i];
            foreach (var (evaluator, values) in i % 2 == 0 ? new[] { (plain, plainValues), (cached, cachedValues) } : [(cached, cachedValues), (plain, plainValues)])
            {
                values.AddRange(evaluator.EvaluateAsync(r.Plan, new EvaluationBudget(r.Budget)).GetAwaiter().GetResult().Scores.Select(s => s.Value));
            }
        }

        var a = plain.Statistics;
        var b = cached.Statistics;
        var without = (Seconds: a.ScoreSeconds, Forwards: a.LayerForwardsRun, Values: plainValues);
        var with = (Seconds: b.ScoreSeconds, Forwards: b.LayerForwardsRun, Values: cachedValues, Peak: b.PrefixCache!.PeakBytes);
        Console.WriteLine(string.Create(Inv, $"| {name} | {records.Length} | {without.Forwards:N0} → {with.Forwards:N0} | **{(double)without.Forwards / with.Forwards:F2}×** | {without.Seconds:F1} → {with.Seconds:F1} | **{without.Seconds / with.Seconds:F2}×** | {with.Peak / 1048576.0:F0} MiB | {(without.Values.SequenceEqual(with.Values) ? "yes" : "**NO**")} | {UnboundedBound(records, plainStitcher):F2}× |"));
        if (b.PrefixCache is { SpillPeakBytes: > 0 } spill)
        {
            Console.WriteLine(string.Create(Inv, $"|   spill tier ({where.Device}) | | entries spilled {spill.Spills:N0}, hits answered from it {spill.SpillHits:N0} of {spill.Hits:N0} | | | | {spill.SpillPeakBytes / 1048576.0:F0} MiB | |"));
        }
    }

    /// <summary>
    /// The most any prefix cache could save on these plans, in journal order: each plan resumes after the longest prefix
    /// (embeddings and first kept layers, by the stitcher's recipe keys) that an earlier plan scored at the same budget
    /// shares with it, as if nothing were ever evicted. Every batch of a budget is scored by every plan at that budget,
    /// so the bound weighs plans equally within a budget and by their budget (documents) across budgets.
    /// </summary>
    private static double UnboundedBound(TrialRecord[] records, PlanStitcher stitcher)
    {
        var seen = new Dictionary<int, HashSet<string>>();
        double all = 0, run = 0;
        foreach (var r in records)
        {
            var keys = stitcher.GroupKeys(r.Plan);
            int layers = r.Plan.Layers.Count;
            var prefixes = seen.TryGetValue(r.Budget, out var set) ? set : seen[r.Budget] = new HashSet<string>(StringComparer.Ordinal);
            var chain = keys[0];
            int shared = 0;
            var chains = new List<string>();
            for (int m = 1; m <= layers; m++)
            {
                chain += "\n" + keys[m];
                chains.Add(chain);
                if (shared == m - 1 && prefixes.Contains(chain))
                {
                    shared = m;
                }
            }

            prefixes.UnionWith(chains);
            all += (double)r.Budget * layers;
            run += (double)r.Budget * (layers - shared);
        }

        return all / Math.Max(1, run);
    }

    private static long Sum(IEnumerable<TrialRecord> trials, string counter) => trials.Sum(t => t.Scores?.Counters?.GetValueOrDefault(counter) ?? 0);

    /// <summary>Base + 3 random candidates (small deltas), a byte-level BPE tokenizer, a multiple-choice and a perplexity task.</summary>
    private static (string Family, string Tasks) WriteFamily(string root, int hidden, int layers, int docs)
    {
        const int vocab = 4096;
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["hidden_size"] = hidden,
            ["intermediate_size"] = hidden * 8 / 3 / 64 * 64,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = hidden / 64,
            ["num_key_value_heads"] = Math.Max(1, hidden / 128),
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 10000.0,
            ["vocab_size"] = vocab,
            ["tie_word_embeddings"] = false,
            ["torch_dtype"] = "float32",
            ["bos_token_id"] = 1,
            ["eos_token_id"] = 2,
            ["max_position_embeddings"] = 2048,
        };
        var parsed = HfModelConfig.Parse(config.ToJsonString());
        var dirs = new List<string>();
        using (var scope = torch.NewDisposeScope())
        {
            var generator = new torch.Generator(1);
            var baseTensors = parsed.Architecture.ExpectedTensors(parsed).OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => kv.Key.EndsWith("norm.weight", StringComparison.Ordinal) ? torch.ones(kv.Value) : torch.randn(kv.Value, generator: generator) * 0.05);
            for (var m = 0; m <= 3; m++)
            {
                var tensors = m == 0 ? baseTensors : baseTensors.ToDictionary(kv => kv.Key, kv => kv.Value + (torch.randn(kv.Value.shape, generator: generator) * 0.01));
                var dir = Path.Combine(root, m == 0 ? "base" : $"c{m}");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
                dirs.Add(dir);
            }
        }

        var tasksPath = WriteTasks(root, dirs[0], vocab, docs, docs, 64, 160);
        var manifest = FamilyManifest.FromDirectories(dirs);
        var familyPath = Path.Combine(root, "family.json");
        manifest.Save(familyPath);
        return (familyPath, tasksPath);
    }

    /// <summary>
    /// Trains a byte-level BPE tokenizer into <paramref name="tokenizerDirectory"/> (unless null) and writes a multiple-choice task
    /// (<paramref name="choiceDocs"/> questions of random words) and a perplexity task (<paramref name="pplDocs"/> random
    /// token-id documents of <paramref name="minTokens"/>–<paramref name="maxTokens"/> − 1 tokens) with their tasks.json.
    /// </summary>
    internal static string WriteTasks(string root, string? tokenizerDirectory, int vocab, int choiceDocs, int pplDocs, int minTokens, int maxTokens)
    {
        var random = new Random(3);
        string Word() => new([.. Enumerable.Range(0, random.Next(2, 8)).Select(_ => (char)('a' + random.Next(26)))]);
        string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Word()));
        var corpus = Enumerable.Range(0, 400).Select(_ => Sentence(12)).ToArray();
        if (tokenizerDirectory is not null)
        {
            ByteLevelBpeTrainer.Train(corpus, 1024, ["<s>", "</s>"], tokenizerDirectory);
        }

        File.WriteAllLines(Path.Combine(root, "mc.jsonl"), Enumerable.Range(0, choiceDocs).Select(_ =>
            new JsonObject { ["context"] = Sentence(random.Next(10, 40)), ["choices"] = new JsonArray(Sentence(3), Sentence(4), Sentence(2), Sentence(3)), ["gold"] = random.Next(4) }.ToJsonString()));
        File.WriteAllLines(Path.Combine(root, "ppl.jsonl"), Enumerable.Range(0, pplDocs).Select(_ =>
            new JsonObject { ["tokens"] = new JsonArray([.. Enumerable.Range(0, random.Next(minTokens, maxTokens)).Select(_ => (JsonNode)random.Next(3, vocab))]) }.ToJsonString()));
        var tasksPath = Path.Combine(root, "tasks.json");
        File.WriteAllText(tasksPath, "{\"tasks\":[{\"name\":\"mc\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"metric\":\"acc_norm\"},{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        return tasksPath;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) => Text(args, name) is { } v ? int.Parse(v, Inv) : fallback;
}

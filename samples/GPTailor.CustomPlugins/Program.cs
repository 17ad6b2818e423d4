// A custom evaluator and a custom optimizer plugged into GPTailor through dependency injection.
// Run: dotnet run -c Release --project samples/GPTailor.CustomPlugins
using System.Text.Json.Nodes;
using GPTailor;
using GPTailor.Models;
using GPTailor.Samples.CustomPlugins;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using TorchSharp;

TorchRuntime.Initialize();
var root = Path.Combine(Path.GetTempPath(), "gptailor-custom-plugins");
var (familyPath, tasksPath) = TinyFamily.Write(root);

var services = new ServiceCollection();
services.AddGPTailor(o => o.Optimizer = "one-plus-one")
    .AddSearch()
    .AddTorchSharpModels(o => o.ComputeDType = ComputeDType.Float32)
    .AddOptimizer("one-plus-one", request => new OnePlusOneOptimizer(request.Box, request.InitialPoint ?? request.Box.Lower, request.Seed))
    .ConfigureEvaluator(pipeline => pipeline.Use(inner => new ShorterIsBetterEvaluator(inner))); // wraps the default caching and logging steps
using var provider = services.BuildServiceProvider();

var result = await provider.GetRequiredService<TailoringRunner>().SearchAsync(new SearchRequest
{
    FamilyPath = familyPath,
    TasksPath = tasksPath,
    RunDirectory = Path.Combine(root, "run-" + DateTime.UtcNow.Ticks),
    Remove = 1,
    Trials = 12,
    InitialDesignSize = 0,
});
Console.WriteLine($"best plan keeps {result.BestPlan.Layers.Count} layers; removed [{string.Join(", ", result.BestPlan.RemovedLayers)}]");
foreach (var s in result.BestScores.Scores)
{
    Console.WriteLine($"  {s.Task,-14} {s.Value:F4}");
}

/// <summary>A tiny random family (base + 2 candidates) and a perplexity task, written once.</summary>
internal static class TinyFamily
{
    public static (string Family, string Tasks) Write(string root)
    {
        var family = Path.Combine(root, "family.json");
        var tasks = Path.Combine(root, "tasks.json");
        if (File.Exists(family) && File.Exists(tasks))
        {
            return (family, tasks);
        }

        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["hidden_size"] = 64, ["intermediate_size"] = 128, ["num_hidden_layers"] = 4,
            ["num_attention_heads"] = 4, ["num_key_value_heads"] = 2, ["vocab_size"] = 128,
            ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 10000.0, ["tie_word_embeddings"] = false,
        };
        var parsed = HfModelConfig.Parse(config.ToJsonString());
        var dirs = new List<string>();
        for (var m = 0; m < 3; m++)
        {
            using var scope = torch.NewDisposeScope();
            var generator = new torch.Generator((ulong)(m + 1));
            var dir = Path.Combine(root, m == 0 ? "base" : $"candidate{m - 1}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), parsed.Architecture.ExpectedTensors(parsed).ToDictionary(kv => kv.Key, kv => torch.randn(kv.Value, generator: generator) * 0.1));
            dirs.Add(dir);
        }

        FamilyManifest.FromDirectories(dirs).Save(family);
        File.WriteAllLines(Path.Combine(root, "ppl.jsonl"), Enumerable.Range(0, 8).Select(i => $"{{\"tokens\":[{string.Join(',', Enumerable.Range(0, 16).Select(j => (i * 7 + j * 3) % 128))}]}}"));
        File.WriteAllText(tasks, "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        return (family, tasks);
    }
}

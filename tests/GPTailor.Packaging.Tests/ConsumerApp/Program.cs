// A NuGet consumer of GPTailor: PackagingTests copies this one file into a console app outside the repository whose
// project references GPTailor.Core, GPTailor.Search and GPTailor.Models from a freshly packed local feed (plus
// libtorch-cpu-linux-x64), builds it and runs it. It uses only the public surface a user starts from: DI composition,
// TailoringRunner.SearchAsync and the safetensors writer. Usage: Consumer <work directory>
using System.Reflection;
using System.Text.Json.Nodes;
using GPTailor;
using GPTailor.Models;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using TorchSharp;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Consumer <work directory>");
    return 2;
}

TorchRuntime.Initialize();
var root = Path.GetFullPath(args[0]);
Directory.CreateDirectory(root);

// A tiny random Llama family (base + 2 fine-tunes of 4 layers) and one perplexity task.
var config = new JsonObject
{
    ["architectures"] = new JsonArray("LlamaForCausalLM"),
    ["hidden_size"] = 32, ["intermediate_size"] = 64, ["num_hidden_layers"] = 4,
    ["num_attention_heads"] = 4, ["num_key_value_heads"] = 2, ["vocab_size"] = 64,
    ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 10000.0, ["tie_word_embeddings"] = false,
};
var parsed = HfModelConfig.Parse(config.ToJsonString());
var modelDirectories = new List<string>();
for (var m = 0; m < 3; m++)
{
    using var scope = torch.NewDisposeScope();
    var generator = new torch.Generator((ulong)(m + 1));
    var dir = Path.Combine(root, m == 0 ? "base" : $"candidate{m - 1}");
    Directory.CreateDirectory(dir);
    File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
    var tensors = parsed.Architecture.ExpectedTensors(parsed).ToDictionary(kv => kv.Key, kv => torch.randn(kv.Value, generator: generator) * 0.1);
    SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
    modelDirectories.Add(dir);
}

var familyPath = Path.Combine(root, "family.json");
FamilyManifest.FromDirectories(modelDirectories).Save(familyPath);
File.WriteAllLines(Path.Combine(root, "ppl.jsonl"), Enumerable.Range(0, 6).Select(i => $"{{\"tokens\":[{string.Join(',', Enumerable.Range(0, 12).Select(j => (i * 7 + j * 3) % 64))}]}}"));
var tasksPath = Path.Combine(root, "tasks.json");
File.WriteAllText(tasksPath, "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");

// Compose through DI and run a few-trial search.
var services = new ServiceCollection();
services.AddGPTailor().AddSearch().AddTorchSharpModels();
using var provider = services.BuildServiceProvider();
var result = await provider.GetRequiredService<TailoringRunner>().SearchAsync(new SearchRequest
{
    FamilyPath = familyPath,
    TasksPath = tasksPath,
    RunDirectory = Path.Combine(root, "run"),
    Remove = 1,
    Optimizer = "random",
    Trials = 4,
    InitialDesignSize = 0,
    Seed = 7,
});

var coreVersion = typeof(TailoringRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
Console.WriteLine($"consumer: GPTailor.Core {coreVersion}");
Console.WriteLine($"consumer: best plan keeps {result.BestPlan.Layers.Count} of 4 layers, removed [{string.Join(", ", result.BestPlan.RemovedLayers)}]");
foreach (var score in result.BestScores.Scores)
{
    Console.WriteLine($"consumer: score {score.Task} {score.Value:F4}");
}

Console.WriteLine(PlanJson.Serialize(result.BestPlan));
return 0;

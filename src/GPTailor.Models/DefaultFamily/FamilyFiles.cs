using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>Writes the pieces of a default family in Hugging Face layout.</summary>
internal static class FamilyFiles
{
    public const string TokenizerFile = "tokenizer.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <c>config.json</c> of a <c>LlamaForCausalLM</c> with the options' sizes (untied head, float32).</summary>
    public static JsonObject Config(DefaultFamilyOptions options, HfTokenizer tokenizer, int maxPositions) => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["hidden_size"] = options.Hidden,
        ["intermediate_size"] = options.Intermediate,
        ["num_hidden_layers"] = options.Layers,
        ["num_attention_heads"] = options.Heads,
        ["num_key_value_heads"] = options.KvHeads,
        ["head_dim"] = options.Hidden / options.Heads,
        ["hidden_act"] = "silu",
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["max_position_embeddings"] = maxPositions,
        ["vocab_size"] = tokenizer.VocabularySize,
        ["tie_word_embeddings"] = false,
        ["attention_bias"] = false,
        ["mlp_bias"] = false,
        ["torch_dtype"] = "float32",
        ["bos_token_id"] = tokenizer.BosId,
        ["eos_token_id"] = tokenizer.EosId,
    };

    /// <summary>Writes <c>config.json</c>, the tokenizer files (copied from <paramref name="tokenizerDirectory"/>) and <c>model.safetensors</c>.</summary>
    public static void WriteModel(string directory, JsonObject config, string tokenizerDirectory, LlamaParameters parameters)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString(Indented) + "\n");
        foreach (var file in new[] { TokenizerFile, TokenizerConfigFile })
        {
            var target = Path.Combine(directory, file);
            if (!string.Equals(Path.GetFullPath(Path.Combine(tokenizerDirectory, file)), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(Path.Combine(tokenizerDirectory, file), target, overwrite: true);
            }
        }

        using var scope = torch.NewDisposeScope();
        var tensors = parameters.ByName.ToDictionary(kv => kv.Key, kv => kv.Value.detach());
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors, new Dictionary<string, string> { ["producer"] = "GPTailor default family" });
    }

    /// <summary>Writes one JSONL file per skill and a <c>tasks.json</c> referring to them (relative paths).</summary>
    public static string WriteTaskSet(string directory, string splitName, IEnumerable<(string Skill, IReadOnlyList<MultipleChoiceDocument> Documents)> tasks)
    {
        var dataDirectory = Path.Combine(directory, splitName);
        Directory.CreateDirectory(dataDirectory);
        var entries = new JsonArray();
        foreach (var (skill, documents) in tasks)
        {
            var lines = documents.Select(d => new JsonObject
            {
                ["context"] = d.Context,
                ["choices"] = new JsonArray(d.Choices.Select(c => (JsonNode)c).ToArray()),
                ["gold"] = d.Gold,
            }.ToJsonString(Readable));
            File.WriteAllLines(Path.Combine(dataDirectory, skill + ".jsonl"), lines);
            entries.Add(new JsonObject
            {
                ["name"] = skill,
                ["kind"] = "multiple_choice",
                ["path"] = $"{splitName}/{skill}.jsonl",
                ["metric"] = "acc",
                ["weight"] = 1.0,
            });
        }

        var path = Path.Combine(directory, splitName + ".json");
        File.WriteAllText(path, new JsonObject { ["tasks"] = entries }.ToJsonString(Indented) + "\n");
        return path;
    }

    /// <summary>Parses the written configuration (validating it as the loaders will).</summary>
    public static HfModelConfig Parse(JsonObject config) => HfModelConfig.Parse(config.ToJsonString());
}

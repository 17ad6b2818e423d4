using System.Text.Json.Nodes;
using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>Writes small random Llama-architecture families in Hugging Face layout (candidates = base + small deltas).</summary>
internal static class RandomFamily
{
    public static JsonObject Config(int layers = 4, int vocab = 96, bool tied = false, int hidden = 32) => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["hidden_size"] = hidden,
        ["intermediate_size"] = hidden * 2,
        ["num_hidden_layers"] = layers,
        ["num_attention_heads"] = 4,
        ["num_key_value_heads"] = 2,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["vocab_size"] = vocab,
        ["tie_word_embeddings"] = tied,
        ["torch_dtype"] = "float32",
        ["bos_token_id"] = 1,
        ["eos_token_id"] = 2,
        ["max_position_embeddings"] = 256,
    };

    /// <summary>
    /// Writes a family (base + <paramref name="candidates"/>) under <paramref name="root"/> and returns its manifest; the
    /// tensors are stored in float32, or rounded to <paramref name="stored"/> (for example bfloat16, as real checkpoints).
    /// </summary>
    public static FamilyManifest Write(string root, int candidates = 2, int layers = 4, bool tied = false, int extraCandidateVocab = 0, int seed = 1, int vocab = 96, torch.ScalarType stored = torch.ScalarType.Float32)
    {
        var dirs = new List<string>();
        using var scope = torch.NewDisposeScope();
        var baseConfig = Config(layers, vocab, tied);
        var baseTensors = RandomTensors(baseConfig, seed);
        string WriteStored(string dir, JsonObject config, Dictionary<string, torch.Tensor> tensors) =>
            stored == torch.ScalarType.Float32 ? WriteModel(dir, config, tensors) : WriteModel(dir, config, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.to(stored)));
        dirs.Add(WriteStored(Path.Combine(root, "base"), baseConfig, baseTensors));
        for (var c = 0; c < candidates; c++)
        {
            var config = Config(layers, vocab + extraCandidateVocab, tied);
            var delta = RandomTensors(config, seed + 100 + c);
            var tensors = new Dictionary<string, torch.Tensor>();
            foreach (var (name, t) in delta)
            {
                var b = baseTensors[name];
                var shifted = t * 0.3;
                if (t.shape[0] > b.shape[0])
                {
                    shifted[..(int)b.shape[0]] += b;
                }
                else
                {
                    shifted += b;
                }

                tensors[name] = shifted;
            }

            dirs.Add(WriteStored(Path.Combine(root, $"candidate{c}"), config, tensors));
        }

        var manifest = FamilyManifest.FromDirectories(dirs);
        manifest.Save(Path.Combine(root, "family.json"));
        return manifest;
    }

    public static Dictionary<string, torch.Tensor> RandomTensors(JsonObject config, int seed)
    {
        var parsed = HfModelConfig.Parse(config.ToJsonString());
        var generator = new torch.Generator((ulong)seed);
        var result = new Dictionary<string, torch.Tensor>();
        foreach (var (name, shape) in parsed.Architecture.ExpectedTensors(parsed).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var t = torch.randn(shape, generator: generator) * 0.2;
            result[name] = name.EndsWith("norm.weight", StringComparison.Ordinal) ? t + 1.0 : t;
        }

        return result;
    }

    /// <summary>
    /// Rewrites one tensor of the model in <paramref name="dir"/> with every element set to <paramref name="value"/>
    /// (NaN by default): a model that produces non-finite scores. Call before the family is opened.
    /// </summary>
    public static void SetTensor(string dir, string tensorName, float value = float.NaN)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>();
        using (var checkpoint = SafetensorsCheckpoint.Open(dir))
        {
            foreach (var name in checkpoint.TensorNames)
            {
                tensors[name] = checkpoint.ReadTensor(name).clone();
            }
        }

        tensors[tensorName].fill_(value);
        SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
    }

    public static string WriteModel(string dir, JsonObject config, IReadOnlyDictionary<string, torch.Tensor> tensors)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
        return dir;
    }
}

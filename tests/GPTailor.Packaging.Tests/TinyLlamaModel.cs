using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace GPTailor.Packaging.Tests;

/// <summary>
/// Writes a tiny random Llama model directory (config.json + model.safetensors, float32) without TorchSharp, so a
/// test can hand the installed tool a model of its own.
/// </summary>
internal static class TinyLlamaModel
{
    public const int VocabularySize = 64;
    private const int Hidden = 32, Intermediate = 64, Layers = 2, Heads = 4, KeyValueHeads = 2;

    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["hidden_size"] = Hidden, ["intermediate_size"] = Intermediate, ["num_hidden_layers"] = Layers,
            ["num_attention_heads"] = Heads, ["num_key_value_heads"] = KeyValueHeads, ["vocab_size"] = VocabularySize,
            ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 10000.0, ["tie_word_embeddings"] = false, ["torch_dtype"] = "float32",
        }.ToJsonString());

        var keyValue = Hidden / Heads * KeyValueHeads;
        var tensors = new List<(string Name, int[] Shape)> { ("model.embed_tokens.weight", [VocabularySize, Hidden]) };
        for (var i = 0; i < Layers; i++)
        {
            var p = $"model.layers.{i}.";
            tensors.Add((p + "self_attn.q_proj.weight", [Hidden, Hidden]));
            tensors.Add((p + "self_attn.k_proj.weight", [keyValue, Hidden]));
            tensors.Add((p + "self_attn.v_proj.weight", [keyValue, Hidden]));
            tensors.Add((p + "self_attn.o_proj.weight", [Hidden, Hidden]));
            tensors.Add((p + "mlp.gate_proj.weight", [Intermediate, Hidden]));
            tensors.Add((p + "mlp.up_proj.weight", [Intermediate, Hidden]));
            tensors.Add((p + "mlp.down_proj.weight", [Hidden, Intermediate]));
            tensors.Add((p + "input_layernorm.weight", [Hidden]));
            tensors.Add((p + "post_attention_layernorm.weight", [Hidden]));
        }

        tensors.Add(("model.norm.weight", [Hidden]));
        tensors.Add(("lm_head.weight", [VocabularySize, Hidden]));

        var header = new JsonObject();
        var random = new Random(1);
        using var data = new MemoryStream();
        Span<byte> value = stackalloc byte[4];
        foreach (var (name, shape) in tensors)
        {
            var begin = data.Length;
            var count = shape.Aggregate(1, (a, b) => a * b);
            var isNorm = name.EndsWith("norm.weight", StringComparison.Ordinal);
            for (var k = 0; k < count; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(value, isNorm ? 1f : (float)((random.NextDouble() * 2 - 1) * 0.1));
                data.Write(value);
            }

            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(begin, data.Length),
            };
        }

        var headerText = header.ToJsonString();
        headerText += new string(' ', (8 - Encoding.UTF8.GetByteCount(headerText) % 8) % 8);
        var headerBytes = Encoding.UTF8.GetBytes(headerText);
        using var file = File.Create(Path.Combine(directory, "model.safetensors"));
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        file.Write(length);
        file.Write(headerBytes);
        data.Position = 0;
        data.CopyTo(file);
    }
}

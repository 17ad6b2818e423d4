using TorchSharp;
using TorchSharp.Modules;

namespace GPTailor.Models;

/// <summary>
/// The trainable float32 tensors of a Llama model, keyed by their Hugging Face names (untied head). Linear and
/// embedding weights start as N(0, 0.02²) (output projections scaled by 1/√(2·layers)), norms as ones.
/// </summary>
internal sealed class LlamaParameters : IDisposable
{
    private readonly SortedDictionary<string, Parameter> _byName;

    private LlamaParameters(HfModelConfig config, SortedDictionary<string, Parameter> byName)
    {
        Config = config;
        _byName = byName;
    }

    public HfModelConfig Config { get; }

    /// <summary>The parameters by Hugging Face name (ordinal order).</summary>
    public IReadOnlyDictionary<string, Parameter> ByName => _byName;

    /// <summary>Fresh weights drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public static LlamaParameters Initialize(HfModelConfig config, int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        var outputScale = 1.0 / Math.Sqrt(2.0 * config.NumHiddenLayers);
        var result = new SortedDictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (name, shape) in config.Architecture.ExpectedTensors(config).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            using var scope = torch.NewDisposeScope();
            torch.Tensor value;
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                value = torch.ones(shape);
            }
            else
            {
                var std = name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal) ? 0.02 * outputScale : 0.02;
                value = torch.randn(shape, generator: generator) * std;
            }

            result[name] = new Parameter(value.DetachFromDisposeScope(), requires_grad: true);
        }

        return new LlamaParameters(config, result);
    }

    /// <summary>An independent copy (new storage) of every parameter.</summary>
    public LlamaParameters Clone()
    {
        var copy = new SortedDictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (name, p) in _byName)
        {
            using var scope = torch.NewDisposeScope();
            copy[name] = new Parameter(p.detach().clone().DetachFromDisposeScope(), requires_grad: true);
        }

        return new LlamaParameters(Config, copy);
    }

    /// <summary>A model computing with these tensors (not owned by the model).</summary>
    public CausalLanguageModel CreateModel()
    {
        torch.Tensor P(string name) => _byName[name];
        var layers = Enumerable.Range(0, Config.NumHiddenLayers).Select(i =>
        {
            var prefix = $"model.layers.{i}.";
            return new DecoderLayer(Config, new DecoderLayerWeights(
                P(prefix + "input_layernorm.weight"),
                P(prefix + "self_attn.q_proj.weight"),
                P(prefix + "self_attn.k_proj.weight"),
                P(prefix + "self_attn.v_proj.weight"),
                P(prefix + "self_attn.o_proj.weight"),
                P(prefix + "post_attention_layernorm.weight"),
                P(prefix + "mlp.gate_proj.weight"),
                P(prefix + "mlp.up_proj.weight"),
                P(prefix + "mlp.down_proj.weight")));
        }).ToArray();
        return new CausalLanguageModel(Config, P("model.embed_tokens.weight"), layers, P("model.norm.weight"), P("lm_head.weight"));
    }

    public void Dispose()
    {
        foreach (var p in _byName.Values)
        {
            p.Dispose();
        }
    }
}

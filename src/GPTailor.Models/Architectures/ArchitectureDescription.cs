
namespace GPTailor.Models;

/// <summary>
/// A decoder architecture described as data (in the spirit of mergekit's architecture files): the Hugging Face
/// <c>architectures</c> name, and the tensor templates before the layers, in each layer and after the layers.
/// Adding an architecture that shares the Llama computation means adding one entry to
/// <see cref="ArchitectureRegistry"/>.
/// </summary>
/// <param name="Name">The Hugging Face class name in <c>config.json</c> <c>architectures</c> (e.g. <c>LlamaForCausalLM</c>).</param>
/// <param name="ModelType">The <c>model_type</c> value (e.g. <c>llama</c>).</param>
/// <param name="PreWeights">Tensors before the layers (embeddings).</param>
/// <param name="LayerWeights">Per-layer tensors; names contain <c>${layer}</c>.</param>
/// <param name="PostWeights">Tensors after the layers (final norm, head).</param>
/// <param name="AttentionBias">How attention biases are handled.</param>
/// <param name="DefaultSlidingWindow">The sliding window Hugging Face assumes when <c>sliding_window</c> is absent (Mistral: 4096), or null.</param>
public sealed record ArchitectureDescription(
    string Name,
    string ModelType,
    IReadOnlyList<TensorTemplate> PreWeights,
    IReadOnlyList<TensorTemplate> LayerWeights,
    IReadOnlyList<TensorTemplate> PostWeights,
    AttentionBiasMode AttentionBias,
    int? DefaultSlidingWindow = null)
{
    /// <summary>Every tensor the checkpoint of <paramref name="config"/> must hold, name → shape, in file order (pre, layers, post).</summary>
    /// <param name="config">The model configuration.</param>
    public IReadOnlyDictionary<string, long[]> ExpectedTensors(HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var t in Present(PreWeights, config))
        {
            result.Add(t.NameTemplate, ShapeOf(t, config));
        }

        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            foreach (var (name, shape) in ExpectedLayerTensors(config, layer))
            {
                result.Add(name, shape);
            }
        }

        foreach (var t in Present(PostWeights, config))
        {
            result.Add(t.NameTemplate, ShapeOf(t, config));
        }

        return result;
    }

    /// <summary>The tensors of one layer, name → shape.</summary>
    /// <param name="config">The model configuration.</param>
    /// <param name="layer">Zero-based layer index.</param>
    public IReadOnlyDictionary<string, long[]> ExpectedLayerTensors(HfModelConfig config, int layer)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return Present(LayerWeights, config).ToDictionary(t => t.NameFor(layer), t => ShapeOf(t, config), StringComparer.Ordinal);
    }

    /// <summary>The templates present for <paramref name="config"/> in one section, with their roles.</summary>
    /// <param name="templates">One of <see cref="PreWeights"/>, <see cref="LayerWeights"/>, <see cref="PostWeights"/>.</param>
    /// <param name="config">The model configuration.</param>
    public static IEnumerable<TensorTemplate> Present(IEnumerable<TensorTemplate> templates, HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(config);
        return templates.Where(t => t.Presence switch
        {
            TensorPresence.Always => true,
            TensorPresence.WhenAttentionBias => config.AttentionBias,
            TensorPresence.WhenUntiedEmbeddings => !config.TieWordEmbeddings,
            _ => throw new ArgumentOutOfRangeException(nameof(templates), t.Presence, "Unknown presence."),
        });
    }

    /// <summary>Number of parameters in one decoder layer.</summary>
    /// <param name="config">The model configuration.</param>
    public long ParametersPerLayer(HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Present(LayerWeights, config).Sum(t => Product(ShapeOf(t, config)));
    }

    /// <summary>Total number of parameters (tied embeddings counted once).</summary>
    /// <param name="config">The model configuration.</param>
    public long ParameterCount(HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        long outside = Present(PreWeights, config).Concat(Present(PostWeights, config)).Sum(t => Product(ShapeOf(t, config)));
        return outside + (config.NumHiddenLayers * ParametersPerLayer(config));
    }

    /// <summary>The concrete shape of a template for a configuration.</summary>
    /// <param name="template">The template.</param>
    /// <param name="config">The model configuration.</param>
    public static long[] ShapeOf(TensorTemplate template, HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(config);
        return template.Shape.Select(d => Resolve(d, config)).ToArray();
    }

    private static long Resolve(TensorDimension dimension, HfModelConfig config) => dimension switch
    {
        TensorDimension.VocabSize => config.VocabSize,
        TensorDimension.HiddenSize => config.HiddenSize,
        TensorDimension.IntermediateSize => config.IntermediateSize,
        TensorDimension.QueryProjectionSize => (long)config.NumAttentionHeads * config.HeadDim,
        TensorDimension.KeyValueProjectionSize => (long)config.NumKeyValueHeads * config.HeadDim,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown dimension."),
    };

    private static long Product(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);
}

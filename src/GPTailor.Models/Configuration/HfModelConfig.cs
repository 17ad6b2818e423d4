using System.Text.Json.Nodes;

namespace GPTailor.Models;

/// <summary>
/// A validated Hugging Face <c>config.json</c> of a supported decoder (<c>LlamaForCausalLM</c>,
/// <c>MistralForCausalLM</c>, <c>Qwen2ForCausalLM</c>). Create with <see cref="Load"/> or <see cref="Parse"/>.
/// The original JSON is kept (<see cref="ToJsonObject"/>) so that export can rewrite <c>num_hidden_layers</c> and keep
/// every other key.
/// </summary>
public sealed class HfModelConfig
{
    private readonly JsonObject _raw;

    internal HfModelConfig(JsonObject raw, ArchitectureDescription architecture)
    {
        _raw = raw;
        Architecture = architecture;
    }

    /// <summary>The architecture description (tensor names and shapes).</summary>
    public ArchitectureDescription Architecture { get; }

    /// <summary><c>hidden_size</c>.</summary>
    public int HiddenSize { get; internal init; }

    /// <summary><c>intermediate_size</c> (SwiGLU inner width).</summary>
    public int IntermediateSize { get; internal init; }

    /// <summary><c>num_hidden_layers</c>.</summary>
    public int NumHiddenLayers { get; internal init; }

    /// <summary><c>num_attention_heads</c>.</summary>
    public int NumAttentionHeads { get; internal init; }

    /// <summary><c>num_key_value_heads</c> (defaults to <see cref="NumAttentionHeads"/>).</summary>
    public int NumKeyValueHeads { get; internal init; }

    /// <summary><c>head_dim</c> (defaults to <c>hidden_size / num_attention_heads</c>).</summary>
    public int HeadDim { get; internal init; }

    /// <summary><c>rms_norm_eps</c>.</summary>
    public double RmsNormEps { get; internal init; }

    /// <summary><c>rope_theta</c> (RoPE base).</summary>
    public double RopeTheta { get; internal init; }

    /// <summary><c>rope_scaling</c>.</summary>
    public RopeScaling RopeScaling { get; internal init; } = RopeScaling.None;

    /// <summary><c>tie_word_embeddings</c>: the head reuses the embedding matrix.</summary>
    public bool TieWordEmbeddings { get; internal init; }

    /// <summary><c>vocab_size</c>.</summary>
    public int VocabSize { get; internal init; }

    /// <summary>Attention projections have biases (Qwen2: always q/k/v; Llama: q/k/v/o when <c>attention_bias</c>).</summary>
    public bool AttentionBias { get; internal init; }

    /// <summary><c>torch_dtype</c> (or <c>dtype</c>) as written, e.g. <c>bfloat16</c>; null when absent.</summary>
    public string? TorchDtype { get; internal init; }

    /// <summary><c>bos_token_id</c> (an int or a list in the file); empty when absent.</summary>
    public IReadOnlyList<int> BosTokenIds { get; internal init; } = [];

    /// <summary><c>eos_token_id</c> (an int or a list in the file); empty when absent.</summary>
    public IReadOnlyList<int> EosTokenIds { get; internal init; } = [];

    /// <summary><c>max_position_embeddings</c> (2048 when absent).</summary>
    public int MaxPositionEmbeddings { get; internal init; }

    /// <summary>
    /// The attention window when sliding-window attention is active (Mistral <c>sliding_window</c>, Qwen2 with
    /// <c>use_sliding_window</c>), else null. The decoder implements full causal attention, which equals sliding-window
    /// attention for sequences no longer than the window; it rejects longer inputs with <see cref="UnsupportedModelException"/>.
    /// </summary>
    public int? SlidingWindow { get; internal init; }

    /// <summary>The number of parameters (tied embeddings counted once).</summary>
    public long ParameterCount => Architecture.ParameterCount(this);

    /// <summary>Parses and validates a <c>config.json</c> text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="UnsupportedModelException">Unsupported architecture or option, or invalid values.</exception>
    public static HfModelConfig Parse(string json) => HfModelConfigParser.Parse(json);

    /// <summary>Reads and validates <c>config.json</c> from a model directory (or the file itself).</summary>
    /// <param name="directoryOrFile">A model directory holding <c>config.json</c>, or the path of the file.</param>
    /// <exception cref="FileNotFoundException">No config.json.</exception>
    /// <exception cref="UnsupportedModelException">Unsupported architecture or option, or invalid values.</exception>
    public static HfModelConfig Load(string directoryOrFile)
    {
        ArgumentNullException.ThrowIfNull(directoryOrFile);
        return HfModelConfigParser.Load(Directory.Exists(directoryOrFile) ? Path.Combine(directoryOrFile, "config.json") : directoryOrFile);
    }

    /// <summary>A deep copy of the original JSON, with <c>num_hidden_layers</c> set to <paramref name="numHiddenLayers"/> when given.</summary>
    /// <param name="numHiddenLayers">New layer count, or null to keep the original.</param>
    public JsonObject ToJsonObject(int? numHiddenLayers = null)
    {
        var copy = (JsonObject)_raw.DeepClone();
        if (numHiddenLayers is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
            copy["num_hidden_layers"] = n;
        }

        return copy;
    }

    /// <summary>The same model with a different layer count (the JSON is rewritten accordingly and re-validated).</summary>
    /// <param name="numHiddenLayers">The new layer count.</param>
    public HfModelConfig WithNumHiddenLayers(int numHiddenLayers) => HfModelConfigParser.Parse(ToJsonObject(numHiddenLayers));
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace GPTailor.Models;

/// <summary>Parses and validates Hugging Face decoder configurations.</summary>
internal static class HfModelConfigParser
{
    internal const long MaxConfigBytes = 4 << 20;
    internal const int MaxDepth = 64;
    internal const int MaxHiddenSize = 1 << 16;
    internal const int MaxIntermediateSize = 1 << 20;
    internal const int MaxLayers = 1024;
    internal const int MaxHeads = 1024;
    internal const int MaxHeadDim = 1024;
    internal const int MaxVocabSize = 1 << 22;
    internal const int MaxPositions = 1 << 24;
    private const int DefaultMaxPositions = 2048;

    public static HfModelConfig Parse(string json) =>
        ParseRoot(BoundedJsonFile.ParseText(json, MaxDepth, (reason, inner) => new UnsupportedModelException($"config.json is {reason}", inner)));

    /// <summary>Reads <c>config.json</c> at <paramref name="path"/>: size-checked, parsed, validated.</summary>
    public static HfModelConfig Load(string path) =>
        ParseRoot(new BoundedJsonFile(path, "model configuration", MaxConfigBytes, (p, reason, inner) => new UnsupportedModelException($"'{p}': {reason}", inner), MaxDepth).ReadNode());

    private static HfModelConfig ParseRoot(JsonNode? node) =>
        Parse(node as JsonObject ?? throw new UnsupportedModelException("config.json must be a JSON object."));

    public static HfModelConfig Parse(JsonObject obj)
    {
        var architecture = ArchitectureRegistry.Get(ArchitectureName(obj));
        if (GetString(obj, "model_type") is { } modelType && modelType != architecture.ModelType)
        {
            throw new UnsupportedModelException($"model_type '{modelType}' does not match architecture {architecture.Name} (expected '{architecture.ModelType}').");
        }

        var act = GetString(obj, "hidden_act") ?? "silu";
        if (act != "silu")
        {
            throw new UnsupportedModelException($"hidden_act '{act}' is not supported; only 'silu' (SwiGLU) is.");
        }

        if (GetBool(obj, "mlp_bias") == true)
        {
            throw new UnsupportedModelException("mlp_bias = true is not supported; supported: MLP projections without bias.");
        }

        int hidden = GetInt(obj, "hidden_size") ?? throw Missing("hidden_size");
        int heads = GetInt(obj, "num_attention_heads") ?? throw Missing("num_attention_heads");
        CheckRange("hidden_size", hidden, MaxHiddenSize);
        CheckRange("num_attention_heads", heads, MaxHeads);
        int kvHeads = GetInt(obj, "num_key_value_heads") ?? heads;
        CheckRange("num_key_value_heads", kvHeads, MaxHeads);
        if (heads % kvHeads != 0)
        {
            throw new UnsupportedModelException($"num_attention_heads ({heads}) must be a multiple of num_key_value_heads ({kvHeads}).");
        }

        int? headDimValue = GetInt(obj, "head_dim");
        if (headDimValue is null && hidden % heads != 0)
        {
            throw new UnsupportedModelException($"hidden_size ({hidden}) is not divisible by num_attention_heads ({heads}) and no head_dim is given.");
        }

        int headDim = headDimValue ?? (hidden / heads);
        CheckRange("head_dim", headDim, MaxHeadDim);
        if (headDim % 2 != 0)
        {
            throw new UnsupportedModelException($"head_dim ({headDim}) must be even for rotary embeddings.");
        }

        int intermediate = GetInt(obj, "intermediate_size") ?? throw Missing("intermediate_size");
        CheckRange("intermediate_size", intermediate, MaxIntermediateSize);
        int layers = GetInt(obj, "num_hidden_layers") ?? throw Missing("num_hidden_layers");
        CheckRange("num_hidden_layers", layers, MaxLayers);
        int vocab = GetInt(obj, "vocab_size") ?? throw Missing("vocab_size");
        CheckRange("vocab_size", vocab, MaxVocabSize);
        int maxPositions = GetInt(obj, "max_position_embeddings") ?? DefaultMaxPositions;
        CheckRange("max_position_embeddings", maxPositions, MaxPositions);

        double eps = GetDouble(obj, "rms_norm_eps") ?? 1e-6;
        if (!(eps > 0 && eps < 1))
        {
            throw new UnsupportedModelException($"rms_norm_eps must be in (0, 1); got {eps}.");
        }

        var ropeSource = obj["rope_parameters"] as JsonObject;
        double theta = (ropeSource is null ? null : GetDouble(ropeSource, "rope_theta")) ?? GetDouble(obj, "rope_theta") ?? 10000.0;
        if (!(theta > 1 && double.IsFinite(theta)))
        {
            throw new UnsupportedModelException($"rope_theta must be a finite number > 1; got {theta}.");
        }

        return new HfModelConfig(obj, architecture)
        {
            HiddenSize = hidden,
            IntermediateSize = intermediate,
            NumHiddenLayers = layers,
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = eps,
            RopeTheta = theta,
            RopeScaling = ParseRopeScaling(ropeSource ?? obj["rope_scaling"]),
            TieWordEmbeddings = GetBool(obj, "tie_word_embeddings") ?? false,
            VocabSize = vocab,
            AttentionBias = ParseAttentionBias(obj, architecture),
            TorchDtype = GetString(obj, "torch_dtype") ?? GetString(obj, "dtype"),
            BosTokenIds = GetIds(obj, "bos_token_id"),
            EosTokenIds = GetIds(obj, "eos_token_id"),
            MaxPositionEmbeddings = maxPositions,
            SlidingWindow = ParseSlidingWindow(obj, architecture),
        };
    }

    private static string ArchitectureName(JsonObject obj)
    {
        if (obj["architectures"] is JsonArray { Count: > 0 } list)
        {
            if (list.Count > 1)
            {
                throw new UnsupportedModelException($"config.json lists {list.Count} architectures; exactly one is supported.");
            }

            return JsonValues.TryGetString(list[0], out var s)
                ? s
                : throw new UnsupportedModelException("architectures[0] must be a string.");
        }

        var modelType = GetString(obj, "model_type")
            ?? throw new UnsupportedModelException($"config.json has neither 'architectures' nor 'model_type'. Supported: {ArchitectureRegistry.SupportedNames}.");
        return ArchitectureRegistry.All.FirstOrDefault(a => a.ModelType == modelType)?.Name
            ?? throw new UnsupportedModelException($"Unsupported model_type '{modelType}'. Supported: {ArchitectureRegistry.SupportedNames}.");
    }

    private static bool ParseAttentionBias(JsonObject obj, ArchitectureDescription architecture)
    {
        bool requested = GetBool(obj, "attention_bias") ?? false;
        return architecture.AttentionBias switch
        {
            AttentionBiasMode.Always => true,
            AttentionBiasMode.FromConfig => requested,
            _ when requested => throw new UnsupportedModelException($"attention_bias = true is not supported for {architecture.Name}."),
            _ => false,
        };
    }

    private static int? ParseSlidingWindow(JsonObject obj, ArchitectureDescription architecture)
    {
        int? window;
        if (architecture.ModelType == "qwen2")
        {
            if (GetBool(obj, "use_sliding_window") != true)
            {
                return null;
            }

            window = obj.ContainsKey("sliding_window") ? GetInt(obj, "sliding_window") : 4096;
        }
        else if (architecture.DefaultSlidingWindow is { } defaultWindow)
        {
            window = obj.ContainsKey("sliding_window") ? GetInt(obj, "sliding_window") : defaultWindow;
        }
        else
        {
            return null;
        }

        if (window is { } w)
        {
            CheckRange("sliding_window", w, MaxPositions);
        }

        return window;
    }

    private static RopeScaling ParseRopeScaling(JsonNode? node)
    {
        if (node is null)
        {
            return RopeScaling.None;
        }

        if (node is not JsonObject o)
        {
            throw new UnsupportedModelException("rope_scaling must be an object or null.");
        }

        var type = GetString(o, "rope_type") ?? GetString(o, "type") ?? "default";
        switch (type)
        {
            case "default":
                return RopeScaling.None;
            case "linear":
                return RopeScaling.Linear(PositiveDouble(o, "factor"));
            case "llama3":
                double factor = PositiveDouble(o, "factor");
                double low = PositiveDouble(o, "low_freq_factor");
                double high = PositiveDouble(o, "high_freq_factor");
                if (!(high > low))
                {
                    throw new UnsupportedModelException($"rope_scaling llama3 needs high_freq_factor ({high}) > low_freq_factor ({low}).");
                }

                int original = GetInt(o, "original_max_position_embeddings") ?? throw Missing("rope_scaling.original_max_position_embeddings");
                CheckRange("rope_scaling.original_max_position_embeddings", original, MaxPositions);
                return new RopeScaling(RopeScalingKind.Llama3, factor, low, high, original);
            default:
                throw new UnsupportedModelException($"rope_scaling type '{type}' is not supported. Supported: none/default, linear, llama3.");
        }
    }

    private static double PositiveDouble(JsonObject o, string key)
    {
        double v = GetDouble(o, key) ?? throw Missing("rope_scaling." + key);
        return v > 0 && double.IsFinite(v) ? v : throw new UnsupportedModelException($"rope_scaling.{key} must be a finite number > 0; got {v}.");
    }

    private static UnsupportedModelException Missing(string key) => new($"config.json lacks the required key '{key}'.");

    private static void CheckRange(string key, int value, int max)
    {
        if (value <= 0 || value > max)
        {
            throw new UnsupportedModelException($"{key} = {value} is outside the supported range 1..{max}.");
        }
    }

    private static string? GetString(JsonObject o, string key) => o[key] switch
    {
        null => null,
        var node when JsonValues.TryGetString(node, out var s) => s,
        _ => throw new UnsupportedModelException($"'{key}' must be a string."),
    };

    private static bool? GetBool(JsonObject o, string key) => o[key] switch
    {
        null => null,
        var node when JsonValues.TryGetBoolean(node, out var b) => b,
        _ => throw new UnsupportedModelException($"'{key}' must be true or false."),
    };

    private static double? GetDouble(JsonObject o, string key) => o[key] switch
    {
        null => null,
        var node when JsonValues.TryGetNumber(node, out var d) && double.IsFinite(d) => d,
        _ => throw new UnsupportedModelException($"'{key}' must be a finite number."),
    };

    private static int? GetInt(JsonObject o, string key) => o[key] is { } node ? ToInt(node, key) : null;

    private static int ToInt(JsonNode node, string key) =>
        JsonValues.TryGetInt32(node, out var i)
            ? i
            : throw new UnsupportedModelException(node is JsonValue v ? $"'{key}' must be an integer; got {v.ToJsonString()}." : $"'{key}' must be an integer.");

    private static int[] GetIds(JsonObject o, string key)
    {
        var ids = o[key] switch
        {
            null => [],
            JsonValue v => [ToInt(v, key)],
            JsonArray a => a.Select(n => n is JsonValue v ? ToInt(v, key) : throw new UnsupportedModelException($"'{key}' must hold integers.")).ToArray(),
            _ => throw new UnsupportedModelException($"'{key}' must be an integer or a list of integers."),
        };
        foreach (var id in ids)
        {
            if (id < 0)
            {
                throw new UnsupportedModelException($"{key} {id.ToString(CultureInfo.InvariantCulture)} is negative.");
            }
        }

        return ids;
    }
}

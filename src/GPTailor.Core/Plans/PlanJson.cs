using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Reads and writes <see cref="TailoringPlan"/> in GPTailor's JSON format (<c>"format": "gptailor-plan/1"</c>), and
/// imports the reference implementation's flat configurations (<see cref="ReferenceConfigImporter"/>).
/// Every field is validated; a bad file gives a <see cref="PlanValidationException"/> naming the problem.
/// </summary>
public static class PlanJson
{
    /// <summary>The format tag written to and required in plan files.</summary>
    public const string FormatTag = "gptailor-plan/1";

    private const int MaxDepth = 16;
    private const long MaxFileBytes = 16 * 1024 * 1024;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serialises a plan.</summary>
    public static string Serialize(TailoringPlan plan, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ToNode(plan, includeDescription: true).ToJsonString(indented ? Indented : null);
    }

    /// <summary>The plan as a JSON object.</summary>
    public static JsonObject ToNode(TailoringPlan plan, bool includeDescription = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var obj = new JsonObject
        {
            ["format"] = FormatTag,
            ["source_layers"] = plan.SourceLayerCount,
            ["candidates"] = plan.CandidateCount,
        };
        if (includeDescription && plan.Description is not null)
        {
            obj["description"] = plan.Description;
        }

        var layers = new JsonArray();
        foreach (var layer in plan.Layers)
        {
            var l = new JsonObject { ["source"] = layer.SourceLayer };
            WriteMerge(l, layer.Merge);
            if (layer.AnchorLayer is int anchor && anchor != layer.SourceLayer)
            {
                l["anchor"] = anchor;
            }

            if (layer.IsCollapsed)
            {
                l["collapsed"] = new JsonArray(layer.CollapsedLayers!.Select(c => (JsonNode)c).ToArray());
                l["collapse_mode"] = CollapseModeName(layer.CollapseMode);
                if (layer.CollapseCoefficients is { } coefficients)
                {
                    l["collapse_coefficients"] = new JsonArray(coefficients.Select(c => (JsonNode)c).ToArray());
                }
            }

            layers.Add(l);
        }

        obj["layers"] = layers;
        var emb = new JsonObject();
        WriteMerge(emb, plan.Embeddings);
        obj["embeddings"] = emb;
        var head = new JsonObject();
        WriteMerge(head, plan.Head);
        obj["head"] = head;
        return obj;
    }

    /// <summary>Parses a plan; accepts GPTailor plans and the reference code's flat configurations.</summary>
    /// <param name="json">The file content.</param>
    /// <param name="sourceLayerCount">Layer count of the family, required to import flat configurations.</param>
    /// <param name="candidateCount">Candidate count of the family, required to import flat configurations; plans may use fewer.</param>
    /// <param name="anchorMode">Anchor rule used when importing flat configurations.</param>
    /// <exception cref="PlanValidationException">The JSON is malformed or describes an invalid plan.</exception>
    public static TailoringPlan Parse(string json, int? sourceLayerCount = null, int? candidateCount = null, AnchorMode anchorMode = AnchorMode.SourceLayer)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = BoundedJsonFile.ParseText(json, MaxDepth, (reason, inner) => new PlanValidationException($"The plan is {reason}", inner));
        return FromRoot(root, sourceLayerCount, candidateCount, anchorMode);
    }

    private static TailoringPlan FromRoot(JsonNode? root, int? sourceLayerCount, int? candidateCount, AnchorMode anchorMode)
    {
        if (root is not JsonObject obj)
        {
            throw new PlanValidationException("A plan must be a JSON object.");
        }

        if (ReferenceConfigImporter.LooksLikeReferenceConfig(obj))
        {
            if (sourceLayerCount is null || candidateCount is null)
            {
                throw new PlanValidationException("A reference (flat) configuration needs the family's layer and candidate counts to be imported.");
            }

            return ReferenceConfigImporter.Import(obj, sourceLayerCount.Value, candidateCount.Value, anchorMode);
        }

        var plan = FromNode(obj);
        if (sourceLayerCount is int n && plan.SourceLayerCount != n)
        {
            throw new PlanValidationException($"The plan was made for {plan.SourceLayerCount} source layers; the family has {n}.");
        }

        if (candidateCount is int k && plan.CandidateCount > k)
        {
            throw new PlanValidationException($"The plan uses {plan.CandidateCount} candidates; the family has only {k}.");
        }

        return plan;
    }

    /// <summary>Reads a plan file (either format).</summary>
    public static TailoringPlan Load(string path, int? sourceLayerCount = null, int? candidateCount = null, AnchorMode anchorMode = AnchorMode.SourceLayer)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new BoundedJsonFile(path, "plan file", MaxFileBytes, (p, reason, inner) => new PlanValidationException($"{p}: {reason}", inner), MaxDepth);
        var root = file.ReadNode();
        try
        {
            return FromRoot(root, sourceLayerCount, candidateCount, anchorMode);
        }
        catch (PlanValidationException ex)
        {
            throw file.Fail(ex.Message, ex);
        }
    }

    /// <summary>Writes a plan file.</summary>
    public static void Save(TailoringPlan plan, string path) => File.WriteAllText(path, Serialize(plan) + "\n");

    /// <summary>SHA-256 of the canonical (compact, description-free) JSON, lower-case hex.</summary>
    public static string ComputeHash(TailoringPlan plan)
    {
        var canonical = ToNode(plan, includeDescription: false).ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static TailoringPlan FromNode(JsonObject obj)
    {
        var format = JsonValues.TryGetString(obj["format"], out var tag) ? tag : null;
        if (format != FormatTag)
        {
            throw new PlanValidationException($"Unknown plan format '{format ?? "(missing)"}'; expected \"{FormatTag}\" or a reference flat configuration.");
        }

        var n = ReadInt(obj, "source_layers", 1, 100_000);
        var k = ReadInt(obj, "candidates", 0, 1_000);
        if (obj["layers"] is not JsonArray layersNode)
        {
            throw new PlanValidationException("'layers' must be an array.");
        }

        var layers = new List<LayerRecipe>();
        for (var i = 0; i < layersNode.Count; i++)
        {
            if (layersNode[i] is not JsonObject l)
            {
                throw new PlanValidationException($"layers[{i}] must be an object.");
            }

            var source = ReadInt(l, "source", 0, n - 1, $"layers[{i}]");
            int? anchor = l.ContainsKey("anchor") ? ReadInt(l, "anchor", 0, n - 1, $"layers[{i}]") : null;
            layers.Add(new LayerRecipe
            {
                SourceLayer = source,
                Merge = ReadMerge(l, k, $"layers[{i}]"),
                AnchorLayer = anchor,
                CollapsedLayers = l["collapsed"] is null ? null
                    : l["collapsed"] is JsonArray collapsed ? collapsed.Select(c => ReadIntValue(c, 0, n - 1, $"layers[{i}].collapsed")).ToArray()
                    : throw new PlanValidationException($"layers[{i}].collapsed must be an array of source layer indices."),
                CollapseMode = ReadCollapseMode(l, $"layers[{i}]"),
                CollapseCoefficients = l["collapse_coefficients"] is null ? null
                    : l["collapse_coefficients"] is JsonArray coefficients ? coefficients.Select(c => ReadDoubleValue(c, $"layers[{i}].collapse_coefficients")).ToArray()
                    : throw new PlanValidationException($"layers[{i}].collapse_coefficients must be an array of numbers."),
            });
        }

        var plan = new TailoringPlan
        {
            SourceLayerCount = n,
            CandidateCount = k,
            Layers = layers,
            Embeddings = ReadMerge(obj["embeddings"] as JsonObject ?? throw new PlanValidationException("'embeddings' must be an object."), k, "embeddings"),
            Head = ReadMerge(obj["head"] as JsonObject ?? throw new PlanValidationException("'head' must be an object."), k, "head"),
            Description = JsonValues.TryGetString(obj["description"], out var description) ? description : null,
        };
        PlanValidator.ThrowIfInvalid(plan);
        return plan;
    }

    private static void WriteMerge(JsonObject target, MergeRecipe merge)
    {
        target["method"] = MethodName(merge.Method);
        target["members"] = new JsonArray(merge.Members.Select(m => (JsonNode)m).ToArray());
        if (merge.Lambda is double lambda)
        {
            target["lambda"] = lambda;
        }

        if (merge.Weights is { } weights)
        {
            target["weights"] = new JsonArray(weights.Select(w => (JsonNode)w).ToArray());
        }

        if (merge.T is double t)
        {
            target["t"] = t;
        }
    }

    private static MergeRecipe ReadMerge(JsonObject node, int candidateCount, string where)
    {
        var methodName = JsonValues.TryGetString(node["method"], out var written) ? written : "passthrough";
        var method = methodName switch
        {
            "passthrough" => MergeMethod.Passthrough,
            "task_arithmetic" => MergeMethod.TaskArithmetic,
            "linear" => MergeMethod.Linear,
            "slerp" => MergeMethod.Slerp,
            _ => throw new PlanValidationException($"{where}: unknown merge method '{methodName}' (supported: passthrough, task_arithmetic, linear, slerp)."),
        };
        if (node["members"] is not JsonArray membersNode || membersNode.Count == 0)
        {
            throw new PlanValidationException($"{where}: 'members' must be a non-empty array of member indices (0 = base, 1..{candidateCount} = candidates).");
        }

        var members = new List<int>();
        foreach (var m in membersNode)
        {
            members.Add(ReadIntValue(m, 0, candidateCount, $"{where}.members"));
        }

        return new MergeRecipe
        {
            Members = members,
            Method = method,
            Lambda = ReadOptionalDouble(node, "lambda", where),
            T = ReadOptionalDouble(node, "t", where),
            Weights = node["weights"] is JsonArray w ? w.Select(x => ReadDoubleValue(x, $"{where}.weights")).ToArray() : null,
        };
    }

    internal static string CollapseModeName(CollapseMode mode) => mode switch
    {
        CollapseMode.Rdsc => "rdsc",
        CollapseMode.Notebook => "notebook",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static CollapseMode ReadCollapseMode(JsonObject node, string where)
    {
        if (node["collapse_mode"] is null)
        {
            return CollapseMode.Rdsc;
        }

        var name = JsonValues.TryGetString(node["collapse_mode"], out var written) ? written : null;
        return name switch
        {
            "rdsc" => CollapseMode.Rdsc,
            "notebook" => CollapseMode.Notebook,
            _ => throw new PlanValidationException($"{where}: unknown collapse_mode '{name ?? "(not a string)"}' (supported: rdsc, notebook)."),
        };
    }

    internal static string MethodName(MergeMethod method) => method switch
    {
        MergeMethod.Passthrough => "passthrough",
        MergeMethod.TaskArithmetic => "task_arithmetic",
        MergeMethod.Linear => "linear",
        MergeMethod.Slerp => "slerp",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static int ReadInt(JsonObject obj, string key, int min, int max, string where = "plan") =>
        ReadIntValue(obj[key], min, max, $"{where}.{key}");

    private static int ReadIntValue(JsonNode? node, int min, int max, string where)
    {
        if (!JsonValues.TryGetNumber(node, out var d))
        {
            throw new PlanValidationException($"{where} must be an integer.");
        }

        if (!double.IsFinite(d) || d != Math.Floor(d) || d < min || d > max)
        {
            throw new PlanValidationException($"{where} = {d.ToString(CultureInfo.InvariantCulture)} is not an integer in [{min}, {max}].");
        }

        return (int)d;
    }

    private static double? ReadOptionalDouble(JsonObject obj, string key, string where) =>
        obj.ContainsKey(key) ? ReadDoubleValue(obj[key], $"{where}.{key}") : null;

    private static double ReadDoubleValue(JsonNode? node, string where)
    {
        if (!JsonValues.TryGetNumber(node, out var d))
        {
            throw new PlanValidationException($"{where} must be a number.");
        }

        if (!double.IsFinite(d))
        {
            throw new PlanValidationException($"{where} must be finite.");
        }

        return d;
    }
}

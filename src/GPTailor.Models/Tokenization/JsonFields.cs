using System.Text.Json;

namespace GPTailor.Models;

/// <summary>Typed accessors over a <see cref="JsonElement"/> that fail with <see cref="TokenizerFormatException"/>.</summary>
internal sealed class JsonFields(string filePath)
{
    /// <summary>The file being read (for error messages).</summary>
    public string FilePath { get; } = filePath;

    /// <summary>Creates the exception for a problem in this file.</summary>
    public TokenizerFormatException Fail(string reason, Exception? inner = null) => new(FilePath, reason, inner);

    /// <summary>Reads, size-checks and parses a JSON file whose root must be an object.</summary>
    public JsonDocument ParseFile(long maxBytes)
    {
        var document = new BoundedJsonFile(FilePath, "tokenizer file", maxBytes, (_, reason, inner) => Fail(reason, inner)).ReadDocument();
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Fail("the root must be a JSON object");
        }

        return document;
    }

    /// <summary>The property, or <c>null</c> when absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>A required object property.</summary>
    public JsonElement RequiredObject(JsonElement obj, string name, string where) =>
        Optional(obj, name) is { ValueKind: JsonValueKind.Object } value
            ? value
            : throw Fail($"{where}.{name} must be a JSON object");

    /// <summary>A required array property.</summary>
    public JsonElement RequiredArray(JsonElement obj, string name, string where) =>
        Optional(obj, name) is { ValueKind: JsonValueKind.Array } value
            ? value
            : throw Fail($"{where}.{name} must be a JSON array");

    /// <summary>A required string property.</summary>
    public string RequiredString(JsonElement obj, string name, string where) =>
        OptionalString(obj, name, where) ?? throw Fail($"{where}.{name} must be a string");

    /// <summary>An optional string property (wrong type fails).</summary>
    public string? OptionalString(JsonElement obj, string name, string where) => Optional(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw Fail($"{where}.{name} must be a string"),
    };

    /// <summary>An optional boolean property (wrong type fails).</summary>
    public bool? OptionalBool(JsonElement obj, string name, string where) => Optional(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Fail($"{where}.{name} must be true or false"),
    };

    /// <summary>An optional non-negative 32-bit integer property (wrong type or range fails).</summary>
    public int? OptionalId(JsonElement obj, string name, string where) => Optional(obj, name) switch
    {
        null => null,
        { } value => ReadId(value, $"{where}.{name}"),
    };

    /// <summary>Reads a non-negative 32-bit integer token id.</summary>
    public int ReadId(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var id) && id >= 0
            ? id
            : throw Fail($"{where} must be a non-negative 32-bit integer token id");

    /// <summary>The <c>type</c> discriminator of a component object.</summary>
    public string TypeOf(JsonElement component, string where) =>
        component.ValueKind == JsonValueKind.Object
            ? RequiredString(component, "type", where)
            : throw Fail($"{where} must be a JSON object");

    /// <summary>
    /// The components of a chain in order, each with its type and location: a <c>Sequence</c> component stands for the
    /// components in its <paramref name="childrenKey"/> array (nested sequences flattened), any other for itself.
    /// </summary>
    /// <param name="component">The chain's root component.</param>
    /// <param name="childrenKey">The array of a sequence's components, e.g. <c>normalizers</c> or <c>decoders</c>.</param>
    /// <param name="where">The component's location, for error messages.</param>
    public IEnumerable<(JsonElement Component, string Type, string Where)> Chain(JsonElement component, string childrenKey, string where)
    {
        var type = TypeOf(component, where);
        if (type != "Sequence")
        {
            yield return (component, type, where);
            yield break;
        }

        var index = 0;
        foreach (var child in RequiredArray(component, childrenKey, where).EnumerateArray())
        {
            foreach (var step in Chain(child, childrenKey, $"{where}.{childrenKey}[{index++}]"))
            {
                yield return step;
            }
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GPTailor.Search;

/// <summary>
/// JSON of optimizer and scheduler states: camelCase objects tagged with <c>"type"</c>, exact doubles, named non-finite
/// values, nested states (optimizer, random generator) as JSON objects.
/// </summary>
internal static class StateJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>The state as a JSON object.</summary>
    public static JsonNode Serialize<T>(T state) => JsonSerializer.SerializeToNode(state, Options)!;

    /// <summary>The state, serialised as its runtime type <paramref name="type"/>, as a JSON object.</summary>
    public static JsonNode Serialize(object state, Type type) => JsonSerializer.SerializeToNode(state, type, Options)!;

    /// <summary>Parses a state and checks its <c>"type"</c> tag.</summary>
    /// <exception cref="FormatException">The node is not an object of the expected type and shape.</exception>
    public static T Deserialize<T>(JsonNode state, string expectedType)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(state);
        var tag = state is JsonObject o && o["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (tag != expectedType)
        {
            throw new FormatException($"The JSON is not a {expectedType} state (its \"type\" is {(tag is null ? "missing" : $"\"{tag}\"")}).");
        }

        try
        {
            return state.Deserialize<T>(Options) ?? throw new FormatException($"The {expectedType} state is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {expectedType} state is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>Throws <see cref="FormatException"/> unless the array exists and has the given length.</summary>
    public static double[] RequireLength(double[]? values, int length, string name)
    {
        if (values is null || values.Length != length)
        {
            throw new FormatException($"State field '{name}' must have {length} values.");
        }

        return values;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Reading and writing of the JSON state objects (<c>{"type": ..., ...}</c>) of optimizers, schedulers, scalarizers and
/// generators: every read checks for null and the expected JSON kind and throws a <see cref="FormatException"/> naming
/// the state and the field.
/// </summary>
internal static class StateNodes
{
    /// <summary>A new state object tagged with <paramref name="type"/>.</summary>
    public static JsonObject Create(string type) => new() { ["type"] = type };

    /// <summary>The state as an object whose <c>"type"</c> is <paramref name="type"/>.</summary>
    public static JsonObject Open(JsonNode? state, string type, string what)
    {
        if (state is not JsonObject o)
        {
            throw new FormatException($"The {what} must be a JSON object, not {Describe(state)}.");
        }

        var tag = o["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (tag != type)
        {
            throw new FormatException($"The {what} must have \"type\": \"{type}\", not {(tag is null ? Describe(o["type"]) : $"\"{tag}\"")}.");
        }

        return o;
    }

    /// <summary>A field that must be present (not null).</summary>
    public static JsonNode Required(JsonObject o, string name, string what) =>
        o[name] ?? throw new FormatException($"The {what} lacks the field \"{name}\".");

    /// <summary>A required array field.</summary>
    public static JsonArray Array(JsonObject o, string name, string what) =>
        Required(o, name, what) as JsonArray ?? throw new FormatException($"The {what}'s field \"{name}\" must be an array.");

    /// <summary>A required value field of type <typeparamref name="T"/>.</summary>
    public static T Value<T>(JsonObject o, string name, string what) => ToValue<T>(Required(o, name, what), name, what);

    /// <summary>Converts a node to a value of type <typeparamref name="T"/>.</summary>
    public static T ToValue<T>(JsonNode? node, string name, string what)
    {
        if (node is JsonValue v && TryConvert<T>(v, out var value))
        {
            return value;
        }

        throw new FormatException($"The {what}'s field \"{name}\" must be a {typeof(T).Name}, not {Describe(node)}.");
    }

    /// <summary>A number field, which may also be the string <c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c> (see <see cref="Number"/>).</summary>
    public static double ToDouble(JsonNode? node, string name, string what)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && TryConvert<double>(v, out var d))
            {
                return d;
            }

            if (v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity")
            {
                return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException($"The {what}'s field \"{name}\" must be a number, not {Describe(node)}.");
    }

    /// <summary>A required array of numbers.</summary>
    public static double[] Doubles(JsonObject o, string name, string what) =>
        Array(o, name, what).Select((n, i) => ToDouble(n, $"{name}[{i}]", what)).ToArray();

    /// <summary>A double as JSON: a number when finite (exact round trip), else the string <c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c>.</summary>
    public static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An array of doubles as JSON (see <see cref="Number"/>).</summary>
    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    /// <summary>The value as <typeparamref name="T"/>; in-memory values of another CLR type (an int for a ulong) are converted through their JSON text.</summary>
    private static bool TryConvert<T>(JsonValue v, out T value)
    {
        try
        {
            if (v.TryGetValue(out value!))
            {
                return true;
            }

            if (JsonNode.Parse(v.ToJsonString()) is JsonValue parsed && parsed.TryGetValue(out value!))
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException or JsonException)
        {
            // not convertible: reported by the caller
        }

        value = default!;
        return false;
    }

    private static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => node.ToJsonString(),
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Kind-checked reads of single <see cref="JsonNode"/> values: each returns false for a missing node, JSON <c>null</c>
/// or a value of another kind, and never throws, so that a reader can turn every mismatch into its own typed error
/// (instead of letting <see cref="JsonNode.GetValue{T}"/> throw <see cref="InvalidOperationException"/> or
/// <see cref="FormatException"/>). Values built in code (for example <c>(JsonNode)3</c>) read the same as parsed ones.
/// </summary>
public static class JsonValues
{
    /// <summary>Reads a JSON string.</summary>
    public static bool TryGetString([NotNullWhen(true)] JsonNode? node, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.TryGetValue(out value);
    }

    /// <summary>Reads a JSON <c>true</c> or <c>false</c>.</summary>
    public static bool TryGetBoolean([NotNullWhen(true)] JsonNode? node, out bool value)
    {
        value = false;
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False && v.TryGetValue(out value);
    }

    /// <summary>Reads a JSON number as a double (which may be infinite only for out-of-range literals).</summary>
    public static bool TryGetNumber([NotNullWhen(true)] JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads a JSON number that is a whole number within the range of <see cref="int"/> (<c>2.0</c> counts, <c>2.5</c> does not).</summary>
    public static bool TryGetInt32([NotNullWhen(true)] JsonNode? node, out int value)
    {
        value = 0;
        if (!TryGetNumber(node, out var d) || !double.IsFinite(d) || d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            return false;
        }

        value = (int)d;
        return true;
    }

    /// <summary>Reads a JSON number written as an integer within the range of <see cref="long"/> (no fraction, no exponent).</summary>
    public static bool TryGetInt64([NotNullWhen(true)] JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Datasets;

/// <summary>
/// One row of a dataset file, whatever its format: the columns as JSON values (strings, numbers, booleans, null,
/// lists as arrays, structs as objects). The accessors check types and give a <see cref="TaskFormatException"/>
/// naming the file, the 0-based row and the column.
/// </summary>
/// <param name="Values">The columns.</param>
/// <param name="File">The file the row comes from.</param>
/// <param name="Row">The 0-based row index within the file.</param>
public sealed record DatasetRecord(JsonObject Values, string File, long Row)
{
    /// <summary>Where the row is, for messages: <c>file: row N</c>.</summary>
    public string Where => string.Create(CultureInfo.InvariantCulture, $"{File}: row {Row}");

    /// <summary>An error naming the file, row and column.</summary>
    public TaskFormatException Error(string column, string reason) => new($"{Where}, column '{column}': {reason}");

    /// <summary>The value at a column path (<c>a</c>, <c>a.b</c>); a missing column is an error.</summary>
    public JsonNode? Get(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        JsonNode? node = Values;
        foreach (var part in column.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out var next))
            {
                throw Error(column, $"missing (columns: {string.Join(", ", Values.Select(p => p.Key))}).");
            }

            node = next;
        }

        return node;
    }

    /// <summary>A string column.</summary>
    public string GetString(string column) =>
        JsonValues.TryGetString(Get(column), out var value) ? value : throw Error(column, $"expected a string, got {KindOf(Get(column))}.");

    /// <summary>An integer column (a whole JSON number, or for label columns stored as strings, a decimal string).</summary>
    public int GetInt32(string column, bool allowString = false)
    {
        var node = Get(column);
        if (JsonValues.TryGetInt32(node, out var value))
        {
            return value;
        }

        if (allowString && JsonValues.TryGetString(node, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        throw Error(column, $"expected an integer{(allowString ? " (or a string of digits)" : string.Empty)}, got {KindOf(node)}.");
    }

    /// <summary>A list-of-strings column with at most <paramref name="maxCount"/> items.</summary>
    public IReadOnlyList<string> GetStringList(string column, int maxCount)
    {
        var node = Get(column);
        if (node is not JsonArray array)
        {
            throw Error(column, $"expected a list of strings, got {KindOf(node)}.");
        }

        if (array.Count > maxCount)
        {
            throw Error(column, string.Create(CultureInfo.InvariantCulture, $"{array.Count} items; at most {maxCount} are accepted."));
        }

        var result = new string[array.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = JsonValues.TryGetString(array[i], out var item)
                ? item
                : throw Error(column, string.Create(CultureInfo.InvariantCulture, $"item {i} is {KindOf(array[i])}, not a string."));
        }

        return result;
    }

    /// <summary>The JSON kind of a value, for messages.</summary>
    public static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a struct",
        _ => "an unknown value",
    };
}

using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GPTailor.Datasets;

/// <summary>Converts values decoded by the Parquet reader into JSON values, within <see cref="DatasetLimits"/>.</summary>
internal static class DatasetValues
{
    /// <summary>The JSON value of a decoded cell; <paramref name="fail"/> builds the error for an unsupported or oversized value.</summary>
    public static JsonNode? ToNode(object? value, int depth, Func<string, Exception> fail)
    {
        if (depth > DatasetLimits.MaxDepth)
        {
            throw fail($"nested deeper than {DatasetLimits.MaxDepth} levels");
        }

        switch (value)
        {
            case null:
                return null;
            case ReadOnlyMemory<char> memory:
                return ToNode(memory.ToString(), depth, fail);
            case string s:
                return s.Length <= DatasetLimits.MaxStringLength ? JsonValue.Create(s) : throw fail($"a string of {s.Length} characters (at most {DatasetLimits.MaxStringLength} are accepted)");
            case bool b:
                return JsonValue.Create(b);
            case sbyte or byte or short or ushort or int or uint or long:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong u:
                return u <= long.MaxValue ? JsonValue.Create((long)u) : JsonValue.Create((double)u);
            case float or double or decimal or Half:
                return JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan:
                return JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
            case byte[]:
                throw fail("binary values are not supported (expected text, numbers, lists or structs)");
            case IDictionary<string, object?> dictionary:
                var obj = new JsonObject();
                foreach (var (key, item) in dictionary)
                {
                    obj[key] = ToNode(item, depth + 1, fail);
                }

                return obj;
            case IDictionary map:
                var mapped = new JsonObject();
                foreach (DictionaryEntry entry in map)
                {
                    mapped[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToNode(entry.Value, depth + 1, fail);
                }

                return mapped;
            case IEnumerable items:
                var array = new JsonArray();
                foreach (var item in items)
                {
                    if (array.Count == DatasetLimits.MaxListItems)
                    {
                        throw fail($"a list of more than {DatasetLimits.MaxListItems} items");
                    }

                    array.Add(ToNode(item, depth + 1, fail));
                }

                return array;
            default:
                throw fail($"values of type {value.GetType().Name} are not supported");
        }
    }
}

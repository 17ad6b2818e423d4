using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Datasets;

/// <summary>
/// The placeholder syntax of <see cref="PromptTemplate"/>: <c>{column}</c>, <c>{column.field}</c>, <c>{column[i]}</c> and
/// combinations (<c>{choices.text[0]}</c>); <c>{{</c> and <c>}}</c> are literal braces. Strings are inserted as they are,
/// integers in decimal, booleans as <c>True</c>/<c>False</c> (as Jinja prints Python values); a list or struct inside text
/// is an error naming the row and placeholder.
/// </summary>
public static class TemplateRenderer
{
    /// <summary>Renders <paramref name="template"/> against a row.</summary>
    /// <exception cref="TaskFormatException">A malformed template, a missing column, or a value that is not text.</exception>
    public static string Render(string template, DatasetRecord row)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(row);
        var builder = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{' || c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                builder.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    throw new TaskFormatException($"template \"{template}\": '{{' at {i} has no closing '}}'.");
                }

                var path = template[(i + 1)..end];
                builder.Append(Text(Resolve(path, row), path, row));
                i = end;
            }
            else if (c == '}')
            {
                throw new TaskFormatException($"template \"{template}\": a lone '}}' at {i} (write '}}}}' for a literal brace).");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The value a template that is exactly one placeholder names, or null when the template is anything else.</summary>
    public static JsonNode? SinglePlaceholder(string template, DatasetRecord row, out bool isSingle)
    {
        ArgumentNullException.ThrowIfNull(template);
        isSingle = template.Length > 2 && template[0] == '{' && template[^1] == '}' && template.IndexOf('{', 1) < 0 && template.IndexOf('}') == template.Length - 1;
        return isSingle ? Resolve(template[1..^1], row) : null;
    }

    private static JsonNode? Resolve(string path, DatasetRecord row)
    {
        if (path.Length == 0)
        {
            throw new TaskFormatException($"{row.Where}: an empty placeholder '{{}}'.");
        }

        JsonNode? node = row.Values;
        var position = 0;
        while (position < path.Length)
        {
            if (path[position] == '[')
            {
                var close = path.IndexOf(']', position);
                if (close < 0 || !int.TryParse(path.AsSpan(position + 1, close - position - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new TaskFormatException($"{row.Where}: placeholder '{{{path}}}': '[' must hold a list index such as [0].");
                }

                node = node is JsonArray array && index < array.Count
                    ? array[index]
                    : throw row.Error(path, $"no item [{index}] (the value is {DatasetRecord.KindOf(node)}{(node is JsonArray a ? $" of {a.Count} items" : string.Empty)}).");
                position = close + 1;
                continue;
            }

            if (path[position] == '.')
            {
                position++;
            }

            var stop = path.IndexOfAny(['.', '['], position);
            var name = path[position..(stop < 0 ? path.Length : stop)];
            if (name.Length == 0)
            {
                throw new TaskFormatException($"{row.Where}: placeholder '{{{path}}}' has an empty column name.");
            }

            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var next)
                ? next
                : throw row.Error(path, $"no column or field '{name}' (columns: {string.Join(", ", row.Values.Select(p => p.Key))}).");
            position = stop < 0 ? path.Length : stop;
        }

        return node;
    }

    /// <summary>The text of a value inserted into a template.</summary>
    internal static string Text(JsonNode? node, string path, DatasetRecord row) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => string.Empty,
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => JsonValues.TryGetInt64(node, out var whole) ? whole.ToString(CultureInfo.InvariantCulture) : node.ToJsonString(),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => throw row.Error(path, $"{DatasetRecord.KindOf(node)} cannot be inserted into text."),
    };
}

using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Reads task data files (JSON lines), validating every line; a bad line gives a <see cref="TaskFormatException"/>
/// naming the file and line. Only the first <c>limit</c> documents are read (deterministic, as lm-eval's limit).
/// </summary>
public static class TaskDataReader
{
    /// <summary>Largest accepted line, in characters.</summary>
    public const int MaxLineLength = 4 * 1024 * 1024;

    /// <summary>Reads multiple-choice documents.</summary>
    public static IReadOnlyList<MultipleChoiceDocument> ReadMultipleChoice(string path, int limit = int.MaxValue) =>
        Read(path, limit, (obj, where) =>
        {
            var context = JsonValues.TryGetString(obj["context"], out var text) ? text : throw new TaskFormatException($"{where}: 'context' must be a string.");
            var choices = obj["choices"] is JsonArray array ? array.Select(c => JsonValues.TryGetString(c, out var choice) ? choice : null).ToArray() : [];
            if (choices.Length < 2 || choices.Any(c => c is null))
            {
                throw new TaskFormatException($"{where}: 'choices' must be an array of at least two strings.");
            }

            if (!JsonValues.TryGetInt32(obj["gold"], out var gold) || gold < 0 || gold >= choices.Length)
            {
                throw new TaskFormatException($"{where}: 'gold' must be an integer index into 'choices' (0..{choices.Length - 1}).");
            }

            return new MultipleChoiceDocument(context, choices.Select(c => c!).ToArray(), gold);
        });

    /// <summary>Reads perplexity documents; token ids must lie in [0, <paramref name="vocabularySize"/>).</summary>
    public static IReadOnlyList<TextDocument> ReadText(string path, int limit = int.MaxValue, int vocabularySize = int.MaxValue) =>
        Read(path, limit, (obj, where) =>
        {
            var hasText = obj.ContainsKey("text");
            var hasTokens = obj.ContainsKey("tokens");
            if (hasText == hasTokens)
            {
                throw new TaskFormatException($"{where}: expected exactly one of 'text' or 'tokens'.");
            }

            if (hasText)
            {
                return JsonValues.TryGetString(obj["text"], out var text)
                    ? new TextDocument(text, null)
                    : throw new TaskFormatException($"{where}: 'text' must be a string.");
            }

            if (obj["tokens"] is not JsonArray array)
            {
                throw new TaskFormatException($"{where}: 'tokens' must be an array of token ids.");
            }

            var tokens = new int[array.Count];
            for (var i = 0; i < tokens.Length; i++)
            {
                if (!JsonValues.TryGetInt32(array[i], out tokens[i]) || tokens[i] < 0 || tokens[i] >= vocabularySize)
                {
                    throw new TaskFormatException($"{where}: tokens[{i}] is not a token id in [0, {vocabularySize}).");
                }
            }

            return new TextDocument(null, tokens);
        });

    private static IReadOnlyList<T> Read<T>(string path, int limit, Func<JsonObject, string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The document limit must be ≥ 0.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Task data file not found: {path}", path);
        }

        var result = new List<T>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (result.Count >= limit)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{path}:{number}";
            if (line.Length > MaxLineLength)
            {
                throw new TaskFormatException($"{where}: line longer than {MaxLineLength} characters.");
            }

            var node = BoundedJsonFile.ParseText(line, BoundedJsonFile.DefaultMaxDepth, (reason, inner) => new TaskFormatException($"{where}: {reason}", inner));
            result.Add(parse(node as JsonObject ?? throw new TaskFormatException($"{where}: each line must be a JSON object."), where));
        }

        if (result.Count == 0 && limit > 0)
        {
            throw new TaskFormatException($"{path}: no documents.");
        }

        return result;
    }
}

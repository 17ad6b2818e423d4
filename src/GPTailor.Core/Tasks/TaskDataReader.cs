using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Reads task data files (JSON lines), validating every line; a bad line gives a <see cref="TaskFormatException"/>
/// naming the file and line. Only the first <c>limit</c> documents are read (deterministic, as lm-eval's limit).
/// The path must name a regular file (a directory, device such as <c>/dev/zero</c> or FIFO is refused before reading);
/// lines are decoded as strict UTF-8 and a line is refused as soon as it passes <see cref="MaxLineLength"/> characters.
/// </summary>
public static class TaskDataReader
{
    /// <summary>Largest accepted line, in characters.</summary>
    public const int MaxLineLength = BoundedLineReader.DefaultMaxLineLength;

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

    /// <summary>
    /// Reads the first <paramref name="limit"/> non-blank lines of a JSON lines file as objects, with the same checks as
    /// the task readers (regular file, strict UTF-8, bounded lines, bounded nesting); <paramref name="parse"/> receives
    /// each object and its location (<c>path:line</c>) for messages.
    /// </summary>
    /// <exception cref="TaskFormatException">A line is not a JSON object, or the file holds no document.</exception>
    public static IReadOnlyList<T> ReadJsonLines<T>(string path, int limit, Func<JsonObject, string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Read(path, limit, parse);
    }

    private static IReadOnlyList<T> Read<T>(string path, int limit, Func<JsonObject, string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The document limit must be ≥ 0.");
        }

        switch (path.Length == 0 ? "not found" : FilePaths.NonRegularFileKind(path))
        {
            case null:
                break;
            case "not found":
                throw new FileNotFoundException($"Task data file not found: {path}", path);
            case var kind:
                throw new TaskFormatException($"{path}: {kind}, not a regular file; task data must be a regular JSON lines file.");
        }

        var result = new List<T>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var lines = new BoundedLineReader(stream, path, "task data files", (message, inner) => new TaskFormatException(message, inner), MaxLineLength);
        while (result.Count < limit && lines.Next() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{path}:{lines.Number}";
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

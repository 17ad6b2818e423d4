using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// The append-only journal of a search run (<c>journal.jsonl</c>): one <c>"trial"</c> line per finished evaluation
/// (trial id, request id, point, plan, budget, per-task scores, time) and one <c>"batch"</c> line per completed batch
/// with the scalarised values told to the scheduler. Lines are flushed as written, so a crash loses at most the trials
/// in flight. A torn last line (crash during a write: a last line that is not JSON, with or without its newline) is
/// ignored on reading and removed by <see cref="Open"/> before anything is appended after it.
/// </summary>
public sealed class SearchJournal : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    private SearchJournal(string path, long removedTailBytes)
    {
        Path = path;
        RemovedTailBytes = removedTailBytes;
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Bytes of a torn last line removed by <see cref="Open"/> (0 when the journal ended cleanly).</summary>
    public long RemovedTailBytes { get; }

    /// <summary>
    /// Opens (or creates) a journal for appending. A torn last line (one that is not JSON, whether or not it ends in a
    /// newline) is cut off first, so that appended lines never follow it.
    /// </summary>
    public static SearchJournal Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new SearchJournal(path, TruncateTornTail(path));
    }

    /// <summary>Appends a trial line.</summary>
    public void AppendTrial(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = new JsonObject
        {
            ["type"] = "trial",
            ["trial"] = record.Trial,
            ["request"] = record.RequestId,
            ["candidate"] = record.PointId,
            ["budget"] = record.Budget,
            ["point"] = new JsonArray(record.Point.Select(p => (JsonNode)p).ToArray()),
            ["plan"] = PlanJson.ToNode(record.Plan),
            ["plan_hash"] = record.PlanHash,
            ["seconds"] = record.Seconds,
        };
        if (record.Scores is not null)
        {
            line["scores"] = new JsonArray(record.Scores.Scores.Select(s => (JsonNode)new JsonObject
            {
                ["task"] = s.Task,
                ["metric"] = s.Metric,
                ["value"] = s.Value,
                ["direction"] = s.Direction == ObjectiveDirection.Maximize ? "max" : "min",
                ["documents"] = s.Documents,
            }).ToArray());
        }

        if (record.Scores?.Counters is { } counters)
        {
            var node = new JsonObject();
            foreach (var (name, value) in counters)
            {
                node[name] = value;
            }

            line["counters"] = node;
        }

        if (record.Error is not null)
        {
            line["error"] = record.Error;
        }

        Write(line);
    }

    /// <summary>Appends the scalarised values of a completed batch, keyed by request id.</summary>
    public void AppendBatch(IReadOnlyDictionary<long, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var obj = new JsonObject();
        foreach (var (request, value) in values.OrderBy(kv => kv.Key))
        {
            obj[request.ToString(CultureInfo.InvariantCulture)] = double.IsFinite(value) ? value : null;
        }

        Write(new JsonObject { ["type"] = "batch", ["values"] = obj });
    }

    /// <summary>Reads every trial of a journal (values attached from batch lines).</summary>
    /// <exception cref="SearchFailedException">A line other than a torn last line is malformed.</exception>
    public static IReadOnlyList<TrialRecord> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return [];
        }

        CheckRegular(path);
        var trials = new List<TrialRecord>();
        var values = new Dictionary<long, double>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        var reader = new BoundedLineReader(stream, path, "search journals", (message, inner) => new JournalLineException(message, inner));

        // Each non-blank line is parsed once the next one is seen, so that the last one may be a torn write.
        (string? Text, JournalLineException? Error, int Number)? pending = null;
        while (true)
        {
            string? text;
            JournalLineException? error = null;
            try
            {
                text = reader.Next();
            }
            catch (JournalLineException ex) when (ex.InnerException is DecoderFallbackException)
            {
                text = null;
                error = ex; // a write cut inside a UTF-8 sequence: an error unless it is the last line
            }
            catch (JournalLineException ex)
            {
                throw new SearchFailedException(ex.Message, ex); // a line over the limit, refused while reading
            }

            if (text is null && error is null)
            {
                break;
            }

            if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (pending is { } line)
            {
                AddLine(path, line.Text, line.Error, line.Number, isLast: false, trials, values);
            }

            pending = (text, error, reader.Number);
        }

        if (pending is { } lastLine)
        {
            AddLine(path, lastLine.Text, lastLine.Error, lastLine.Number, isLast: true, trials, values);
        }

        return trials.Select(t => values.TryGetValue(t.RequestId, out var v) ? t with { Value = v } : t).ToArray();
    }

    private static void AddLine(string path, string? text, JournalLineException? error, int number, bool isLast, List<TrialRecord> trials, Dictionary<long, double> values)
    {
        if (error is not null)
        {
            if (isLast)
            {
                return; // a torn last line: Open cuts it off before appending
            }

            throw new SearchFailedException(error.Message, error.InnerException);
        }

        JsonObject line;
        try
        {
            line = JsonNode.Parse(text!) as JsonObject ?? throw new JsonException("A journal line must be a JSON object.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            if (isLast)
            {
                return; // a torn last line: Open cuts it off before appending
            }

            throw new SearchFailedException($"{path}:{number}: malformed journal line.", ex);
        }

        try
        {
            var type = line["type"] is null ? "trial" : JsonValues.TryGetString(line["type"], out var t) && t is "trial" or "batch" ? t : throw Bad("type", "\"trial\" or \"batch\"");
            if (type == "batch")
            {
                var batch = line["values"] as JsonObject ?? throw new FormatException("'values' must be an object.");
                foreach (var (key, v) in batch)
                {
                    values[long.Parse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)] = v is null ? double.PositiveInfinity
                        : JsonValues.TryGetNumber(v, out var value) ? value
                        : throw new FormatException($"values.{key} must be a number or null.");
                }
            }
            else
            {
                trials.Add(ParseTrial(line));
            }
        }
        catch (Exception ex) when (ex is FormatException or PlanValidationException or OverflowException)
        {
            throw new SearchFailedException($"{path}:{number}: malformed journal line: {ex.Message}", ex);
        }
    }

    /// <summary>A journal path that names a directory, device, FIFO or socket is refused before it is opened.</summary>
    private static void CheckRegular(string path)
    {
        try
        {
            RegularFile.Check(path, "search journal", reason => new SearchFailedException($"{path}: {reason}."));
        }
        catch (FileNotFoundException ex) when (Directory.Exists(path))
        {
            throw new SearchFailedException($"{path}: the search journal is a directory, not a regular file; only regular files are read.", ex);
        }
    }

    /// <summary>A line the bounded reader refused (too long, or not UTF-8); its message names the journal and the line.</summary>
    private sealed class JournalLineException(string message, Exception? inner) : Exception(message, inner);

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static TrialRecord ParseTrial(JsonObject line)
    {
        TaskScores? scores = null;
        if (line["scores"] is not null)
        {
            var array = line["scores"] as JsonArray ?? throw new FormatException("'scores' must be an array.");
            scores = new TaskScores(array.Select((node, i) =>
            {
                var s = node as JsonObject ?? throw new FormatException($"scores[{i}] must be an object.");
                return new TaskScore(
                    Text(s, "task"),
                    Text(s, "metric"),
                    Number(s, "value"),
                    Text(s, "direction") == "max" ? ObjectiveDirection.Maximize : ObjectiveDirection.Minimize,
                    JsonValues.TryGetInt32(s["documents"], out var documents) ? documents : throw Bad("documents", "an integer"));
            }).ToArray())
            {
                Counters = line["counters"] is null ? null
                    : (line["counters"] as JsonObject ?? throw Bad("counters", "an object")).ToDictionary(
                        kv => kv.Key,
                        kv => JsonValues.TryGetInt64(kv.Value, out var n) && n >= 0 ? n : throw Bad($"counters.{kv.Key}", "an integer ≥ 0")),
            };
        }

        var plan = PlanJson.Parse((line["plan"] as JsonObject ?? throw Bad("plan", "an object")).ToJsonString());
        var point = (line["point"] as JsonArray ?? throw Bad("point", "an array"))
            .Select((p, i) => JsonValues.TryGetNumber(p, out var x) ? x : throw Bad($"point[{i}]", "a number")).ToArray();
        return new TrialRecord(
            Integer(line, "trial"),
            Integer(line, "request"),
            Integer(line, "candidate"),
            JsonValues.TryGetInt32(line["budget"], out var budget) ? budget : throw Bad("budget", "an integer"),
            point,
            plan,
            plan.ComputeHash(),
            scores,
            line["error"] is null ? null : Text(line, "error"),
            Number(line, "seconds"));
    }

    private static long Integer(JsonObject o, string name) => JsonValues.TryGetInt64(o[name], out var v) ? v : throw Bad(name, "an integer");

    private static double Number(JsonObject o, string name) => JsonValues.TryGetNumber(o[name], out var v) ? v : throw Bad(name, "a number");

    private static string Text(JsonObject o, string name) => JsonValues.TryGetString(o[name], out var v) ? v : throw Bad(name, "a string");

    private static FormatException Bad(string name, string kind) => new($"'{name}' must be {kind}.");

    private void Write(JsonObject line)
    {
        var text = line.ToJsonString();
        lock (_gate)
        {
            _writer.WriteLine(text);
        }
    }

    /// <summary>Cuts off a torn last line: one without its newline, or one that is not a JSON object.</summary>
    /// <returns>The bytes removed.</returns>
    private static long TruncateTornTail(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return 0;
        }

        CheckRegular(path);
        var bytes = File.ReadAllBytes(path);
        var end = bytes.Length;
        while (end > 0 && IsBlank(bytes[end - 1]))
        {
            end--;
        }

        if (end == 0)
        {
            return 0;
        }

        var start = Array.LastIndexOf(bytes, (byte)'\n', end - 1) + 1;
        var complete = Array.IndexOf(bytes, (byte)'\n', end) >= 0;
        if (complete && IsJsonObject(bytes.AsSpan(start, end - start)))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(start);
        return bytes.Length - start;
    }

    private static bool IsBlank(byte b) => b is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t';

    private static bool IsJsonObject(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

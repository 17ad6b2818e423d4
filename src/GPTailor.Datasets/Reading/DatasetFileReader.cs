using System.Text.Json.Nodes;

namespace GPTailor.Datasets;

/// <summary>
/// Reads the rows of one dataset file, choosing the format by extension: <c>.parquet</c> (Parquet), <c>.arrow</c>
/// (Arrow IPC stream or file, as <c>datasets.save_to_disk</c> writes), <c>.jsonl</c> (JSON lines) and <c>.json</c>
/// (a JSON array of objects, or JSON lines as <c>Dataset.to_json</c> writes). The file must be a regular file of at most
/// <see cref="DatasetLimits.MaxFileBytes"/>; a malformed file gives a one-line <see cref="TaskFormatException"/> naming it
/// (and the row and column when the fault is in a value).
/// </summary>
public static class DatasetFileReader
{
    /// <summary>The extensions read.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".parquet", ".arrow", ".jsonl", ".json"];

    /// <summary>Reads at most <paramref name="limit"/> rows.</summary>
    /// <exception cref="TaskFormatException">The file is missing, not a regular file, too large or malformed.</exception>
    public static IReadOnlyList<DatasetRecord> Read(string path, int limit = DatasetLimits.MaxRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        switch (FilePaths.NonRegularFileKind(path))
        {
            case null:
                break;
            case var kind:
                throw new TaskFormatException($"{path}: {kind}, not a regular dataset file.");
        }

        var length = new FileInfo(path).Length;
        if (length > DatasetLimits.MaxFileBytes)
        {
            throw new TaskFormatException($"{path}: {length} bytes; dataset files of at most {DatasetLimits.MaxFileBytes} bytes are read.");
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".parquet" => ParquetDatasetReader.Read(path, limit),
            ".arrow" => ArrowDatasetReader.Read(path, limit),
            ".jsonl" => ReadJsonLines(path, limit),
            ".json" => LooksLikeArray(path) ? ReadJsonArray(path, limit) : ReadJsonLines(path, limit),
            var other => throw new TaskFormatException($"{path}: unknown dataset format '{other}' (read: {string.Join(", ", Extensions)})."),
        };
    }

    private static IReadOnlyList<DatasetRecord> ReadJsonLines(string path, int limit)
    {
        long row = 0;
        return TaskDataReader.ReadJsonLines(path, limit, (obj, _) => new DatasetRecord(obj, path, row++));
    }

    private static bool LooksLikeArray(string path)
    {
        using var stream = File.OpenRead(path);
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == '[';
        }

        return false;
    }

    private static IReadOnlyList<DatasetRecord> ReadJsonArray(string path, int limit)
    {
        var file = new BoundedJsonFile(path, "dataset file", DatasetLimits.MaxFileBytes, (p, reason, inner) => new TaskFormatException($"{p}: {reason}", inner));
        if (file.ReadNode() is not JsonArray array)
        {
            throw new TaskFormatException($"{path}: expected a JSON array of objects.");
        }

        var rows = new List<DatasetRecord>();
        for (var i = 0; i < array.Count && rows.Count < limit; i++)
        {
            rows.Add(new DatasetRecord(array[i] as JsonObject ?? throw new TaskFormatException($"{path}: row {i} is not a JSON object."), path, i));
        }

        return rows;
    }
}

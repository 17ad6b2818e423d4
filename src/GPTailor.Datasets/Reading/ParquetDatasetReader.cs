using System.Globalization;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Serialization;

namespace GPTailor.Datasets;

/// <summary>Parquet files (Parquet.Net): every column, nested lists and structs included, row group by row group.</summary>
internal static class ParquetDatasetReader
{
    /// <summary>Largest uncompressed row group, in bytes.</summary>
    private const long MaxRowGroupBytes = 1L << 30;

    public static IReadOnlyList<DatasetRecord> Read(string path, int limit)
    {
        var bytes = File.ReadAllBytes(path);
        var rows = new List<DatasetRecord>();
        try
        {
            var groups = CheckRowGroups(path, bytes);
            for (var g = 0; g < groups && rows.Count < limit; g++)
            {
                using var stream = new MemoryStream(bytes, writable: false);
                var result = ParquetSerializer.DeserializeUntypedAsync(stream, null, g).GetAwaiter().GetResult();
                foreach (var row in result.Data)
                {
                    if (rows.Count == limit)
                    {
                        break;
                    }

                    var index = rows.Count;
                    var obj = new JsonObject();
                    foreach (var (column, value) in row)
                    {
                        obj[column] = DatasetValues.ToNode(value, 0, reason => new TaskFormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: row {index}, column '{column}': {reason}.")));
                    }

                    rows.Add(new DatasetRecord(obj, path, index));
                }
            }
        }
        catch (Exception ex) when (ex is not TaskFormatException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw new TaskFormatException($"{path}: not a readable Parquet file ({OneLine(ex.Message)}).", ex);
        }

        return rows;
    }

    private static int CheckRowGroups(string path, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var meta = reader.RowGroups[g].RowGroup;
                if (meta.TotalByteSize > MaxRowGroupBytes || meta.NumRows > DatasetLimits.MaxRows || meta.NumRows < 0)
                {
                    throw new TaskFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: row group {g} declares {meta.NumRows} rows and {meta.TotalByteSize} bytes (at most {DatasetLimits.MaxRows} rows and {MaxRowGroupBytes} bytes are read)."));
                }
            }

            return reader.RowGroupCount;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    internal static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}

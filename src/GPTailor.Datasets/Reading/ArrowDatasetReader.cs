using System.Globalization;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace GPTailor.Datasets;

/// <summary>
/// Arrow IPC files (Apache.Arrow): the stream format that <c>datasets.save_to_disk</c> writes
/// (<c>data-00000-of-00001.arrow</c>) and the file format (magic <c>ARROW1</c>); nested lists and structs included.
/// </summary>
internal static class ArrowDatasetReader
{
    private static readonly byte[] FileMagic = "ARROW1"u8.ToArray();

    public static IReadOnlyList<DatasetRecord> Read(string path, int limit)
    {
        var bytes = File.ReadAllBytes(path);
        var rows = new List<DatasetRecord>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using ArrowStreamReader reader = bytes.AsSpan().StartsWith(FileMagic) ? new ArrowFileReader(stream) : new ArrowStreamReader(stream);
            while (rows.Count < limit && reader.ReadNextRecordBatch() is { } batch)
            {
                using (batch)
                {
                    if (batch.Length < 0 || batch.Length > DatasetLimits.MaxRows)
                    {
                        throw new TaskFormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: a record batch of {batch.Length} rows."));
                    }

                    var fields = batch.Schema.FieldsList;
                    for (var i = 0; i < batch.Length && rows.Count < limit; i++)
                    {
                        var index = rows.Count;
                        var obj = new JsonObject();
                        for (var c = 0; c < fields.Count; c++)
                        {
                            var column = fields[c].Name;
                            obj[column] = ToNode(batch.Column(c), i, 0, reason => new TaskFormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: row {index}, column '{column}': {reason}.")));
                        }

                        rows.Add(new DatasetRecord(obj, path, index));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not TaskFormatException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw new TaskFormatException($"{path}: not a readable Arrow IPC file ({ParquetDatasetReader.OneLine(ex.Message)}).", ex);
        }

        return rows;
    }

    private static JsonNode? ToNode(IArrowArray array, int i, int depth, Func<string, Exception> fail)
    {
        if (depth > DatasetLimits.MaxDepth)
        {
            throw fail($"nested deeper than {DatasetLimits.MaxDepth} levels");
        }

        if (i < 0 || i >= array.Length)
        {
            throw fail("an offset outside its array");
        }

        if (array.IsNull(i))
        {
            return null;
        }

        switch (array)
        {
            case StringArray s:
                return Text(s.GetString(i), fail);
            case LargeStringArray s:
                return Text(s.GetString(i), fail);
            case BooleanArray b:
                return JsonValue.Create(b.GetValue(i));
            case Int8Array a: return JsonValue.Create((long)a.GetValue(i)!.Value);
            case Int16Array a: return JsonValue.Create((long)a.GetValue(i)!.Value);
            case Int32Array a: return JsonValue.Create((long)a.GetValue(i)!.Value);
            case Int64Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case UInt8Array a: return JsonValue.Create((long)a.GetValue(i)!.Value);
            case UInt16Array a: return JsonValue.Create((long)a.GetValue(i)!.Value);
            case UInt32Array a: return JsonValue.Create((long)a.GetValue(i)!.Value);
            case UInt64Array a: return DatasetValues.ToNode(a.GetValue(i)!.Value, depth, fail);
            case FloatArray a: return JsonValue.Create((double)a.GetValue(i)!.Value);
            case DoubleArray a: return JsonValue.Create(a.GetValue(i)!.Value);
            case ListArray list:
                return Items(list.Values, list.ValueOffsets[i], list.ValueOffsets[i + 1], depth, fail);
            case LargeListArray list:
                return Items(list.Values, checked((int)list.ValueOffsets[i]), checked((int)list.ValueOffsets[i + 1]), depth, fail);
            case FixedSizeListArray list:
                var size = ((FixedSizeListType)list.Data.DataType).ListSize;
                return Items(list.Values, checked((list.Offset + i) * size), checked((list.Offset + i + 1) * size), depth, fail);
            case StructArray structs:
                var type = (StructType)structs.Data.DataType;
                var obj = new JsonObject();
                for (var f = 0; f < type.Fields.Count; f++)
                {
                    obj[type.Fields[f].Name] = ToNode(structs.Fields[f], i, depth + 1, fail);
                }

                return obj;
            case DictionaryArray dictionary:
                var key = dictionary.Indices switch
                {
                    Int8Array k => (long)k.GetValue(i)!.Value,
                    Int16Array k => k.GetValue(i)!.Value,
                    Int32Array k => k.GetValue(i)!.Value,
                    Int64Array k => k.GetValue(i)!.Value,
                    _ => throw fail("a dictionary with unsupported index type"),
                };
                return key >= 0 && key < dictionary.Dictionary.Length ? ToNode(dictionary.Dictionary, (int)key, depth + 1, fail) : throw fail("a dictionary index out of range");
            default:
                throw fail($"Arrow type {array.Data.DataType.Name} is not supported");
        }
    }

    private static JsonValue Text(string? value, Func<string, Exception> fail) =>
        value is null ? throw fail("a null string")
        : value.Length <= DatasetLimits.MaxStringLength ? JsonValue.Create(value)
        : throw fail($"a string of {value.Length} characters (at most {DatasetLimits.MaxStringLength} are accepted)");

    private static JsonArray Items(IArrowArray values, int start, int end, int depth, Func<string, Exception> fail)
    {
        if (start < 0 || end < start || end > values.Length)
        {
            throw fail("list offsets outside the values");
        }

        if (end - start > DatasetLimits.MaxListItems)
        {
            throw fail($"a list of {end - start} items (at most {DatasetLimits.MaxListItems} are accepted)");
        }

        var array = new JsonArray();
        for (var k = start; k < end; k++)
        {
            array.Add(ToNode(values, k, depth + 1, fail));
        }

        return array;
    }
}

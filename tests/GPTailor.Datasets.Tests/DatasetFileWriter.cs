using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Parquet.Schema;
using ArrowField = Apache.Arrow.Field;
using ParquetField = Parquet.Schema.Field;
using Parquet.Serialization;

namespace GPTailor.Datasets.Tests;

/// <summary>The column types of the Hugging Face schemas the built-in tasks use.</summary>
public enum ColumnKind
{
    String,
    Int64,
    Int32,
    StringList,

    /// <summary>A struct of string lists, as ARC's and OpenBookQA's <c>choices{text, label}</c>.</summary>
    StructOfStringLists,
}

/// <summary>A column of a test dataset; <see cref="Fields"/> names a struct's fields.</summary>
public sealed record Column(string Name, ColumnKind Kind, params string[] Fields);

/// <summary>Writes test rows (JSON objects) with an explicit schema as Parquet, Arrow IPC (stream or file), JSON lines or a JSON array.</summary>
public static class DatasetFileWriter
{
    public static void Parquet(string path, IReadOnlyList<Column> schema, IReadOnlyList<JsonObject> rows)
    {
        var fields = schema.Select(ToParquetField).ToArray();
        var data = rows.Select(r => (IDictionary<string, object?>)schema.ToDictionary(c => c.Name, c => (object?)ParquetValue(c, r[c.Name]))).ToList();
        using var stream = File.Create(path);
        ParquetSerializer.SerializeUntypedAsync(data, new ParquetSchema(fields), stream).GetAwaiter().GetResult();
    }

    public static void Arrow(string path, IReadOnlyList<Column> schema, IReadOnlyList<JsonObject> rows, bool fileFormat = false)
    {
        var arrowSchema = new Schema(schema.Select(c => new ArrowField(c.Name, ArrowType(c), nullable: true)), null);
        var batch = new RecordBatch(arrowSchema, schema.Select(c => ArrowColumn(c, rows)), rows.Count);
        using var stream = File.Create(path);
        using ArrowStreamWriter writer = fileFormat ? new ArrowFileWriter(stream, arrowSchema) : new ArrowStreamWriter(stream, arrowSchema);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    }

    public static void JsonLines(string path, IReadOnlyList<JsonObject> rows) => File.WriteAllLines(path, rows.Select(r => r.ToJsonString()));

    public static void JsonArray(string path, IReadOnlyList<JsonObject> rows) => File.WriteAllText(path, new JsonArray(rows.Select(r => (JsonNode)r.DeepClone()).ToArray()).ToJsonString());

    private static ParquetField ToParquetField(Column c) => c.Kind switch
    {
        ColumnKind.String => new DataField<string>(c.Name),
        ColumnKind.Int64 => new DataField<long>(c.Name),
        ColumnKind.Int32 => new DataField<int>(c.Name),
        ColumnKind.StringList => new ListField(c.Name, new DataField<string>("element")),
        _ => new StructField(c.Name, c.Fields.Select(f => (ParquetField)new ListField(f, new DataField<string>("element"))).ToArray()),
    };

    private static object ParquetValue(Column c, JsonNode? node) => c.Kind switch
    {
        ColumnKind.String => (ReadOnlyMemory<char>?)node!.GetValue<string>().AsMemory(),
        ColumnKind.Int64 => node!.GetValue<long>(),
        ColumnKind.Int32 => node!.GetValue<int>(),
        ColumnKind.StringList => Memories(node!.AsArray()),
        _ => (IDictionary<string, object>)c.Fields.ToDictionary(f => f, f => (object)Memories(node![f]!.AsArray())),
    };

    // Parquet.Net's untyped serialiser takes strings as ReadOnlyMemory<char>.
    private static List<ReadOnlyMemory<char>?> Memories(JsonArray items) => items.Select(x => (ReadOnlyMemory<char>?)x!.GetValue<string>().AsMemory()).ToList();

    private static IArrowType ArrowType(Column c) => c.Kind switch
    {
        ColumnKind.String => StringType.Default,
        ColumnKind.Int64 => Int64Type.Default,
        ColumnKind.Int32 => Int32Type.Default,
        ColumnKind.StringList => new ListType(StringType.Default),
        _ => new StructType(c.Fields.Select(f => new ArrowField(f, new ListType(StringType.Default), true)).ToList()),
    };

    private static IArrowArray ArrowColumn(Column c, IReadOnlyList<JsonObject> rows)
    {
        switch (c.Kind)
        {
            case ColumnKind.String:
                var strings = new StringArray.Builder();
                foreach (var r in rows)
                {
                    strings.Append(r[c.Name]!.GetValue<string>());
                }

                return strings.Build();
            case ColumnKind.Int64:
                var longs = new Int64Array.Builder();
                foreach (var r in rows)
                {
                    longs.Append(r[c.Name]!.GetValue<long>());
                }

                return longs.Build();
            case ColumnKind.Int32:
                var ints = new Int32Array.Builder();
                foreach (var r in rows)
                {
                    ints.Append(r[c.Name]!.GetValue<int>());
                }

                return ints.Build();
            case ColumnKind.StringList:
                return StringLists(rows.Select(r => r[c.Name]!.AsArray()).ToArray());
            default:
                var children = c.Fields.Select(f => (IArrowArray)StringLists(rows.Select(r => r[c.Name]![f]!.AsArray()).ToArray())).ToArray();
                return new StructArray((StructType)ArrowType(c), rows.Count, children, ArrowBuffer.Empty, 0);
        }
    }

    private static ListArray StringLists(IReadOnlyList<JsonArray> lists)
    {
        var builder = new ListArray.Builder(StringType.Default);
        var values = (StringArray.Builder)builder.ValueBuilder;
        foreach (var list in lists)
        {
            builder.Append();
            foreach (var item in list)
            {
                values.Append(item!.GetValue<string>());
            }
        }

        return builder.Build();
    }
}

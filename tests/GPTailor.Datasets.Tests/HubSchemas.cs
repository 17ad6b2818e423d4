using System.Text.Json.Nodes;

namespace GPTailor.Datasets.Tests;

/// <summary>
/// The column schemas of the built-in tasks' datasets as the Hugging Face hub serves them (dataset cards / dataset_info
/// features: ClassLabel columns are int64, ARC's and OpenBookQA's choices are a struct of string lists).
/// </summary>
public static class HubSchemas
{
    public static readonly Column[] Mmlu = [new("question", ColumnKind.String), new("subject", ColumnKind.String), new("choices", ColumnKind.StringList), new("answer", ColumnKind.Int64)];

    public static readonly Column[] Arc = [new("id", ColumnKind.String), new("question", ColumnKind.String), new("choices", ColumnKind.StructOfStringLists, "text", "label"), new("answerKey", ColumnKind.String)];

    public static readonly Column[] HellaSwag =
    [
        new("ind", ColumnKind.Int32), new("activity_label", ColumnKind.String), new("ctx_a", ColumnKind.String), new("ctx_b", ColumnKind.String), new("ctx", ColumnKind.String),
        new("endings", ColumnKind.StringList), new("source_id", ColumnKind.String), new("split", ColumnKind.String), new("split_type", ColumnKind.String), new("label", ColumnKind.String),
    ];

    public static readonly Column[] Piqa = [new("goal", ColumnKind.String), new("sol1", ColumnKind.String), new("sol2", ColumnKind.String), new("label", ColumnKind.Int64)];

    public static readonly Column[] BoolQ = [new("question", ColumnKind.String), new("passage", ColumnKind.String), new("idx", ColumnKind.Int32), new("label", ColumnKind.Int64)];

    public static readonly Column[] OpenBookQa = [new("id", ColumnKind.String), new("question_stem", ColumnKind.String), new("choices", ColumnKind.StructOfStringLists, "text", "label"), new("answerKey", ColumnKind.String)];

    public static readonly Column[] Winogrande = [new("sentence", ColumnKind.String), new("option1", ColumnKind.String), new("option2", ColumnKind.String), new("answer", ColumnKind.String)];

    public static readonly Column[] Wsc =
    [
        new("text", ColumnKind.String), new("span1_index", ColumnKind.Int32), new("span2_index", ColumnKind.Int32), new("span1_text", ColumnKind.String),
        new("span2_text", ColumnKind.String), new("idx", ColumnKind.Int32), new("label", ColumnKind.Int64),
    ];

    public static readonly Column[] Lambada = [new("text", ColumnKind.String)];

    public static JsonObject Row(params (string Key, JsonNode? Value)[] values)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in values)
        {
            obj[key] = value;
        }

        return obj;
    }

    public static JsonArray Strings(params string[] items) => new(items.Select(i => (JsonNode)i).ToArray());

    /// <summary>Writes the rows in every format: name.parquet, name.arrow (stream), name-file.arrow, name.jsonl, name.json.</summary>
    public static string[] WriteAll(TempDirectory dir, string name, Column[] schema, IReadOnlyList<JsonObject> rows)
    {
        string[] paths = [dir.File($"{name}/p/{name}.parquet"), dir.File($"{name}/a/{name}.arrow"), dir.File($"{name}/f/{name}.arrow"), dir.File($"{name}/l/{name}.jsonl"), dir.File($"{name}/j/{name}.json")];
        DatasetFileWriter.Parquet(paths[0], schema, rows);
        DatasetFileWriter.Arrow(paths[1], schema, rows);
        DatasetFileWriter.Arrow(paths[2], schema, rows, fileFormat: true);
        DatasetFileWriter.JsonLines(paths[3], rows);
        DatasetFileWriter.JsonArray(paths[4], rows);
        return paths;
    }
}

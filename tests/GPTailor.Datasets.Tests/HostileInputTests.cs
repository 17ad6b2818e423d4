using System.Text.Json.Nodes;

namespace GPTailor.Datasets.Tests;

/// <summary>Malformed and hostile dataset files give one-line <see cref="TaskFormatException"/>s naming file, row and column.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TaskFormatException OneLine(Action action)
    {
        var ex = Assert.Throws<TaskFormatException>(action);
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    private static TaskDefinition Benchmark(string task, string path, string? split = null, int? limit = null) =>
        new(task, TaskKind.Benchmark, path, "acc", 1) { Source = new DatasetSource(task, split, limit, null) };

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void TruncatedFilesAreRefused(string format)
    {
        var path = _dir.File($"piqa.{format}");
        var rows = Enumerable.Range(0, 50).Select(i => HubSchemas.Row(("goal", $"goal {i}"), ("sol1", "a"), ("sol2", "b"), ("label", 0L))).ToArray();
        if (format == "parquet")
        {
            DatasetFileWriter.Parquet(path, HubSchemas.Piqa, rows);
        }
        else
        {
            DatasetFileWriter.Arrow(path, HubSchemas.Piqa, rows);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = OneLine(() => DatasetFileReader.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(format == "parquet" ? "not a readable Parquet file" : "not a readable Arrow IPC file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageIsNotParquet()
    {
        var path = _dir.File("x.parquet");
        File.WriteAllText(path, "PAR1 this is not parquet at all PAR1");
        Assert.Contains("not a readable Parquet file", OneLine(() => DatasetFileReader.Read(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    [InlineData("jsonl")]
    public void WrongColumnTypesNameFileRowAndColumn(string format)
    {
        // piqa's label as a string, as in a file written with the wrong schema.
        Column[] schema = [new("goal", ColumnKind.String), new("sol1", ColumnKind.String), new("sol2", ColumnKind.String), new("label", ColumnKind.String)];
        var path = _dir.File($"piqa/validation.{format}");
        JsonObject[] rows = [HubSchemas.Row(("goal", "g"), ("sol1", "a"), ("sol2", "b"), ("label", "0")), HubSchemas.Row(("goal", "g"), ("sol1", "a"), ("sol2", "b"), ("label", "one"))];
        switch (format)
        {
            case "parquet": DatasetFileWriter.Parquet(path, schema, rows); break;
            case "arrow": DatasetFileWriter.Arrow(path, schema, rows); break;
            default: DatasetFileWriter.JsonLines(path, rows); break;
        }

        var ex = OneLine(() => TaskLoader.Load(Benchmark("piqa", Path.GetDirectoryName(path)!)));
        Assert.Contains($"task 'piqa': {path}: row 0, column 'label': expected an integer, got a string.", ex.Message, StringComparison.Ordinal);

        var missing = _dir.File($"arc-{format}/test.jsonl");
        DatasetFileWriter.JsonLines(missing, [HubSchemas.Row(("question", "q"), ("answerKey", "A"))]);
        Assert.Contains("column 'choices.text': missing", OneLine(() => TaskLoader.Load(Benchmark("arc_easy", missing))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMillionChoicesAreRefused()
    {
        var jsonl = _dir.File("mmlu/validation.jsonl");
        File.WriteAllText(jsonl, "{\"question\":\"q\",\"subject\":\"anatomy\",\"choices\":[" + string.Join(',', Enumerable.Repeat("\"c\"", 1_000_000)) + "],\"answer\":0}");
        Assert.Contains("row 0, column 'choices': 1000000 items; at most 1000 are accepted.", OneLine(() => TaskLoader.Load(Benchmark("mmlu", jsonl))).Message, StringComparison.Ordinal);

        // Arrow, with cais/mmlu's schema: one row whose choices list holds 10^6 strings.
        var builder = new Apache.Arrow.ListArray.Builder(Apache.Arrow.Types.StringType.Default);
        var values = (Apache.Arrow.StringArray.Builder)builder.ValueBuilder;
        builder.Append();
        for (var i = 0; i < 1_000_000; i++)
        {
            values.Append("c");
        }

        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("choices", new Apache.Arrow.Types.ListType(Apache.Arrow.Types.StringType.Default), true)], null);
        var arrow = _dir.File("mmlu2/validation.arrow");
        using (var stream = File.Create(arrow))
        using (var writer = new Apache.Arrow.Ipc.ArrowStreamWriter(stream, schema))
        {
            writer.WriteRecordBatch(new Apache.Arrow.RecordBatch(schema, [builder.Build()], 1));
            writer.WriteEnd();
        }

        Assert.Contains("row 0, column 'choices': a list of 1000000 items (at most 100000 are accepted).", OneLine(() => DatasetFileReader.Read(arrow)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathEscapesAreRefused()
    {
        var outside = new TempDirectory();
        try
        {
            DatasetFileWriter.JsonLines(outside.File("secret/test.jsonl"), [HubSchemas.Row(("text", "a b"))]);
            Directory.CreateDirectory(_dir.File("tasks/data/lambada"));
            File.CreateSymbolicLink(_dir.File("tasks/data/lambada/test.jsonl"), outside.File("secret/test.jsonl"));
            var ex = OneLine(() => DatasetFiles.Find(_dir.File("tasks/data/lambada"), "test"));
            Assert.Contains("leads outside the dataset directory", ex.Message, StringComparison.Ordinal);

            Directory.CreateSymbolicLink(_dir.File("tasks/data/linked"), outside.File("secret"));
            Assert.Contains("leads outside the dataset directory", OneLine(() => DatasetFiles.Find(_dir.File("tasks/data"), "test")).Message, StringComparison.Ordinal);

            var tasks = _dir.File("tasks/tasks.json");
            File.WriteAllText(tasks, "{\"tasks\":[{\"task\":\"lambada_openai\",\"path\":\"data/../../x\",\"metric\":\"perplexity\"}]}");
            Assert.Contains("contains '..'", OneLine(() => TaskSet.Load(tasks)).Message, StringComparison.Ordinal);
            File.WriteAllText(tasks, "{\"tasks\":[{\"task\":\"lambada_openai\",\"path\":\"data/lambada\",\"split\":\"../secret\"}]}");
            Assert.Contains("must be a plain name", OneLine(() => TaskSet.Load(tasks)).Message, StringComparison.Ordinal);
        }
        finally
        {
            outside.Dispose();
        }
    }

    [Fact]
    public void AnUnknownBenchmarkOrAMetricItDoesNotReportIsNamed()
    {
        var path = _dir.File("l/test.jsonl");
        DatasetFileWriter.JsonLines(path, [HubSchemas.Row(("text", "a b"))]);
        Assert.Contains("unknown built-in task 'lambada'", OneLine(() => TaskLoader.Load(Benchmark("lambada", path))).Message, StringComparison.Ordinal);
        var wrong = new TaskDefinition("l", TaskKind.Benchmark, path, "acc_norm", 1) { Source = new DatasetSource("lambada_openai", null, null, null) };
        Assert.Contains("metric 'acc_norm' does not fit lambada_openai", OneLine(() => TaskLoader.Load(wrong)).Message, StringComparison.Ordinal);
    }
}

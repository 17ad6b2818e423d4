using System.Text.Json.Nodes;

namespace GPTailor.Datasets.Tests;

public sealed class AggregationAndTemplateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static BenchmarkRow Sub(string name, int correct, int n) =>
        new(name, "1", n, new Dictionary<string, MetricValue> { ["acc"] = BenchmarkAggregation.Accuracy(correct, n) }, false);

    [Fact]
    public void GroupsAreSizeWeightedMeansWithPooledStderr()
    {
        var task = new LoadedTask(new TaskDefinition("mmlu", TaskKind.Benchmark, "/x", "acc", 1), ["acc"], [],
            [new BenchmarkGroup("mmlu_stem", "2", ["mmlu_abstract_algebra", "mmlu_anatomy"]), new BenchmarkGroup("mmlu_humanities", "2", ["mmlu_formal_logic"]), new BenchmarkGroup("mmlu", "2", ["mmlu_stem", "mmlu_humanities"])]);
        var lines = BenchmarkAggregation.Lines(task, new Dictionary<string, BenchmarkRow>
        {
            ["mmlu_abstract_algebra"] = Sub("mmlu_abstract_algebra", 2, 3),
            ["mmlu_anatomy"] = Sub("mmlu_anatomy", 1, 2),
            ["mmlu_formal_logic"] = Sub("mmlu_formal_logic", 1, 4),
        });
        Assert.Equal(["mmlu", "mmlu_stem", "mmlu_abstract_algebra", "mmlu_anatomy", "mmlu_humanities", "mmlu_formal_logic"], lines.Select(l => l.Name));
        Assert.Equal([0, 1, 2, 2, 1, 2], lines.Select(l => l.Depth));

        // By hand: stem = (2 + 1) / (3 + 2) = 0.6, humanities = 1/4, mmlu = (2 + 1 + 1) / 9 = 4/9 (not the mean of the groups).
        Assert.Equal(0.6, lines[1].Metrics["acc"].Value, 15);
        Assert.Equal(0.25, lines[4].Metrics["acc"].Value, 15);
        Assert.Equal(4.0 / 9, lines[0].Metrics["acc"].Value, 15);
        Assert.Equal(9, lines[0].Documents);

        // stderr of a mean of 0/1 values: sample sd / sqrt(n); abstract_algebra: sqrt((2/9) / 2) = 1/3; anatomy: sqrt(1/4) = 1/2.
        Assert.Equal(1.0 / 3, lines[2].Metrics["acc"].Stderr!.Value, 15);
        Assert.Equal(0.5, lines[3].Metrics["acc"].Stderr!.Value, 15);
        // pooled: ((3-1)(1/9)3 + (2-1)(1/4)2) / (5 - 2) = 7/18, over n = 5: sqrt(7/90).
        Assert.Equal(Math.Sqrt(7.0 / 90), lines[1].Metrics["acc"].Stderr!.Value, 15);
        Assert.Null(BenchmarkAggregation.Accuracy(1, 1).Stderr);
    }

    [Fact]
    public void MmluLimitAppliesPerSubtask()
    {
        var path = _dir.File("mmlu/validation.jsonl");
        var rows = new[] { ("anatomy", 3), ("virology", 1), ("abstract_algebra", 4) }
            .SelectMany(s => Enumerable.Range(0, s.Item2).Select(i => HubSchemas.Row(("question", $"{s.Item1} {i}"), ("subject", s.Item1), ("choices", HubSchemas.Strings("a", "b", "c", "d")), ("answer", 0L))))
            .ToArray();
        DatasetFileWriter.JsonLines(path, rows);
        var task = TaskLoader.Load(new TaskDefinition("mmlu", TaskKind.Benchmark, Path.GetDirectoryName(path)!, "acc", 1) { Source = new DatasetSource("mmlu", "validation", 2, null) });
        Assert.Equal([("mmlu_abstract_algebra", 2), ("mmlu_anatomy", 2), ("mmlu_virology", 1)], task.Subtasks.Select(s => (s.Name, s.Count)));
        Assert.EndsWith("anatomy 1\nA. a\nB. b\nC. c\nD. d\nAnswer:", task.Subtasks[1].Choices[1].Context, StringComparison.Ordinal);
        Assert.Equal(["mmlu_stem", "mmlu_other", "mmlu"], task.Groups.Select(g => g.Name));
    }

    [Fact]
    public void TemplatesMapColumnsToPromptChoicesAndGold()
    {
        var row = new DatasetRecord(new JsonObject
        {
            ["q"] = "Which?", ["n"] = 7, ["opts"] = new JsonObject { ["text"] = HubSchemas.Strings("x", "y", "z"), ["label"] = HubSchemas.Strings("A", "B", "C") }, ["key"] = "C", ["ok"] = true,
        }, "f.jsonl", 3);
        var doc = TemplateTask.ToDocument(new PromptTemplate("Q{{{n}}}: {q} [{opts.text[0]}] {ok}\nAnswer:", ["{opts.text}"], "{key}", "{opts.label}"), row);
        Assert.Equal("Q{7}: Which? [x] True\nAnswer:", doc.Context);
        Assert.Equal(["x", "y", "z"], doc.Choices);
        Assert.Equal(2, doc.Gold);

        var literal = TemplateTask.ToDocument(new PromptTemplate("{q}", ["no", "yes", "{opts.text[1]}"], "{opts.text[1]}", null), row);
        Assert.Equal(["no", "yes", "y"], literal.Choices);
        Assert.Equal(2, literal.Gold);
        Assert.Equal(1, TemplateTask.ToDocument(new PromptTemplate("{q}", ["no", "yes"], "1", null), row).Gold);

        var ex = Assert.Throws<TaskFormatException>(() => TemplateTask.ToDocument(new PromptTemplate("{missing}", ["a", "b"], "0", null), row));
        Assert.StartsWith("f.jsonl: row 3, column 'missing': no column or field 'missing'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<TaskFormatException>(() => TemplateTask.ToDocument(new PromptTemplate("{opts}", ["a", "b"], "0", null), row));
        Assert.Throws<TaskFormatException>(() => TemplateTask.ToDocument(new PromptTemplate("{q", ["a", "b"], "0", null), row));
        Assert.Contains("neither a choice index nor one of the choices", Assert.Throws<TaskFormatException>(() => TemplateTask.ToDocument(new PromptTemplate("{q}", ["a", "b"], "{key}", null), row)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskSetsNameBenchmarksAndTemplates()
    {
        DatasetFileWriter.JsonLines(_dir.File("data/mmlu/validation.jsonl"), [HubSchemas.Row(("question", "q"), ("subject", "anatomy"), ("choices", HubSchemas.Strings("a", "b", "c", "d")), ("answer", 0L))]);
        DatasetFileWriter.JsonLines(_dir.File("data/custom.jsonl"), [HubSchemas.Row(("q", "q?"), ("a", "yes"))]);
        var tasks = _dir.File("tasks.json");
        File.WriteAllText(tasks, """
            {"tasks":[
              {"task":"mmlu","path":"data/mmlu","split":"validation","limit":111,"weight":2},
              {"name":"custom","kind":"template","path":"data/custom.jsonl","prompt":"{q}","choices":["no","yes"],"gold":"{a}","metric":"acc_norm"}
            ]}
            """);
        var set = TaskSet.Load(tasks);
        Assert.Equal(new TaskDefinition("mmlu", TaskKind.Benchmark, _dir.File("data/mmlu"), "acc", 2) { Source = new DatasetSource("mmlu", "validation", 111, null) }, set.Tasks[0]);
        Assert.Equal(TaskKind.Template, set.Tasks[1].Kind);
        Assert.Equal(["no", "yes"], set.Tasks[1].Source!.Template!.Choices);
        Assert.Equal(1, TaskLoader.Load(set.Tasks[1]).Subtasks.Single().Choices.Single().Gold);

        File.WriteAllText(tasks, """{"tasks":[{"task":"mmlu","path":"data/mmlu","limit":0}]}""");
        Assert.Contains("limit must be an integer", Assert.Throws<TaskFormatException>(() => TaskSet.Load(tasks)).Message, StringComparison.Ordinal);
        File.WriteAllText(tasks, """{"tasks":[{"task":"mmlu","kind":"multiple_choice","path":"data/mmlu"}]}""");
        Assert.Contains("goes with kind 'benchmark'", Assert.Throws<TaskFormatException>(() => TaskSet.Load(tasks)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonStringSemantics()
    {
        Assert.Equal(3, PyText.Length("é😀a"));
        Assert.Equal(4, "é😀a".Length);
        Assert.Equal("Scrub it", PyText.Capitalize("sCRUB it"));
        Assert.Equal("x", PyText.Strip("\u001f x \u00a0"));
        Assert.Equal(["a", "b"], PyText.SplitWhitespace("  a \t b\n"));
        Assert.Equal("b😀c", PyText.SliceFrom("a😀b😀c", 2));
    }
}


namespace GPTailor.Core.Tests;

public sealed class TaskFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-tasks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void ReadsTaskSetWithRelativePathsAndDefaults()
    {
        Write("mc.jsonl", "{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":1}\n");
        Write("ppl.jsonl", "{\"tokens\":[1,2,3]}\n");
        var set = TaskSet.Load(Write("tasks.json", "{\"tasks\":[{\"name\":\"mc\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"metric\":\"acc_norm\",\"weight\":2},{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}"));
        Assert.Equal(2, set.Tasks.Count);
        Assert.Equal(Path.Combine(_dir, "mc.jsonl"), set.Tasks[0].Path);
        Assert.Equal("acc_norm", set.Tasks[0].Metric);
        Assert.Equal(2.0, set.Tasks[0].Weight);
        Assert.Equal("nll", set.Tasks[1].Metric);
    }

    [Theory]
    [InlineData("{\"tasks\":[]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"generation\",\"path\":\"mc.jsonl\"}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"missing.jsonl\"}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"metric\":\"nll\"}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":-1}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"},{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"}]}")]
    [InlineData("{\"tasks\":[null]}")]
    [InlineData("{\"tasks\":{}}")]
    [InlineData("{\"tasks\":[{\"name\":null,\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":7,\"path\":\"mc.jsonl\"}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":[\"mc.jsonl\"]}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":\"1\"}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":null}]}")]
    [InlineData("{\"tasks\":[{\"name\":\"x\",\"name\":\"y\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"}]}")]
    [InlineData("{\"tasks\":")]
    [InlineData("null")]
    public void RejectsBadTaskSets(string json)
    {
        Write("mc.jsonl", "{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":1}\n");
        var path = Write("tasks.json", json);
        var ex = Assert.Throws<TaskFormatException>(() => TaskSet.Load(path));
        Assert.Contains("tasks.json", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"context\":\"q\",\"choices\":[\"a\"],\"gold\":0}")]
    [InlineData("{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":2}")]
    [InlineData("{\"context\":1,\"choices\":[\"a\",\"b\"],\"gold\":0}")]
    [InlineData("not json")]
    [InlineData("{\"context\":\"q\",\"choices\":[\"a\",null],\"gold\":0}")]
    [InlineData("{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":0.5}")]
    [InlineData("{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":null}")]
    [InlineData("{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":0,\"gold\":1}")]
    [InlineData("[1]")]
    public void RejectsBadMultipleChoiceLinesNamingTheLine(string line)
    {
        var path = Write("bad.jsonl", "{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":0}\n" + line + "\n");
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadMultipleChoice(path));
        Assert.Contains("bad.jsonl:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WholeNumbersWrittenWithAFractionAreAccepted()
    {
        var docs = TaskDataReader.ReadMultipleChoice(Write("f.jsonl", "{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":1.0}\n"));
        Assert.Equal(1, docs[0].Gold);
        Assert.Equal([3, 4], TaskDataReader.ReadText(Write("t.jsonl", "{\"tokens\":[3.0,4]}\n"))[0].Tokens!);
    }

    [Theory]
    [InlineData("{\"base\":null,\"candidates\":[]}", "expected {")]
    [InlineData("{\"base\":\"base\",\"candidates\":\"ft\"}", "expected {")]
    [InlineData("{\"base\":\"base\",\"candidates\":[null]}", "every candidate must be a directory path string")]
    [InlineData("{\"base\":\"base\",\"candidates\":[1]}", "every candidate must be a directory path string")]
    [InlineData("{\"base\":\"base\",", "not valid JSON at line 1")]
    public void FamilyManifestRejectsWrongKindsNamingTheFile(string json, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "base"));
        var path = Write("family.json", json);
        var ex = Assert.Throws<FamilyCompatibilityException>(() => FamilyManifest.Load(path));
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitTakesTheFirstDocuments()
    {
        var path = Write("t.jsonl", string.Join("\n", Enumerable.Range(0, 10).Select(i => $"{{\"tokens\":[{i},{i}]}}")));
        var docs = TaskDataReader.ReadText(path, limit: 3);
        Assert.Equal([0, 1, 2], docs.Select(d => d.Tokens![0]));
        Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadText(path, vocabularySize: 5));
        Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadText(Write("both.jsonl", "{\"text\":\"a\",\"tokens\":[1]}")));
    }

    [Fact]
    public void FamilyManifestResolvesRelativeDirectories()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "base"));
        Directory.CreateDirectory(Path.Combine(_dir, "ft"));
        var manifest = FamilyManifest.Load(Write("family.json", "{\"base\":\"base\",\"candidates\":[\"ft\"]}"));
        Assert.Equal(2, manifest.Members.Count);
        Assert.True(manifest.Members[0].IsBase);
        Assert.Equal(Path.Combine(_dir, "ft"), manifest.Members[1].Directory);
        var ex = Assert.Throws<FamilyCompatibilityException>(() => FamilyManifest.Load(Write("bad.json", "{\"base\":\"base\",\"candidates\":[\"nope\"]}")));
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
        manifest.Save(Path.Combine(_dir, "copy.json"));
        Assert.Equal(manifest.Members, FamilyManifest.Load(Path.Combine(_dir, "copy.json")).Members);
    }
}

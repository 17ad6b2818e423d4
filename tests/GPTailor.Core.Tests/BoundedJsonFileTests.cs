using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

public sealed class BoundedJsonFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static BoundedJsonFile Json(string path, long maxBytes = 1024, int maxDepth = 64) =>
        new(path, "test file", maxBytes, (p, reason, inner) => new TaskFormatException($"{p}: {reason}", inner), maxDepth);

    [Fact]
    public void ReadsAnObjectAndResolvesPathsAgainstTheFilesDirectory()
    {
        var file = Json(Write("a.json", "\uFEFF{\"x\": [1, 2], \"p\": \"sub/data.jsonl\"}"));
        var obj = file.ReadObject();
        Assert.Equal(2, ((JsonArray)obj["x"]!).Count);
        Assert.Equal(Path.Combine(_dir, "sub", "data.jsonl"), file.ResolvePath("sub/data.jsonl"));
        Assert.Equal(_dir, file.Directory);
        using var document = file.ReadDocument();
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void MissingFileIsFileNotFoundNamingTheFile()
    {
        var path = Path.Combine(_dir, "missing.json");
        var ex = Assert.Throws<FileNotFoundException>(() => Json(path).ReadNode());
        Assert.Equal(path, ex.FileName);
        Assert.Equal($"Test file not found: {path}", ex.Message);
        Assert.False(Json(path).Exists);
    }

    [Fact]
    public void DirectoryIsFileNotFoundSayingItIsADirectory()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Json(_dir).ReadNode());
        Assert.Contains("is a directory", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_dir, ex.Message, StringComparison.Ordinal);
        Assert.False(Json(_dir).Exists);
    }

    [Fact]
    public void TooLargeFileIsRefusedWithTheLimitInTheCallersType()
    {
        var path = Write("big.json", "[" + new string(' ', 100) + "]");
        var ex = Assert.Throws<TaskFormatException>(() => Json(path, maxBytes: 50).ReadNode());
        Assert.Equal($"{path}: the test file is 102 bytes, above the 50-byte limit", ex.Message);
        Assert.Throws<TaskFormatException>(() => Json(path, maxBytes: 50).ReadDocument());
        Assert.NotNull(Json(path, maxBytes: 102).ReadNode());
    }

    [Fact]
    public void MalformedJsonNamesTheFileAndOneBasedPosition()
    {
        var path = Write("bad.json", "{\"a\": 1,\n  \"b\": x}");
        var ex = Assert.Throws<TaskFormatException>(() => Json(path).ReadNode());
        Assert.StartsWith($"{path}: not valid JSON at line 2, byte 8: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
        var viaDocument = Assert.Throws<TaskFormatException>(() => Json(path).ReadDocument());
        Assert.Equal(ex.Message, viaDocument.Message);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"a\": 1, \"a\": 2}", "Duplicate property 'a'")]
    [InlineData("[[[[1]]]]", "maximum configured depth of 3")]
    public void EmptyDuplicateAndTooDeepInputsAreTypedErrors(string json, string expected)
    {
        var path = Write("x.json", json);
        var ex = Assert.Throws<TaskFormatException>(() => Json(path, maxDepth: 3).ReadNode());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    public void ReadObjectRejectsOtherRoots(string json)
    {
        var ex = Assert.Throws<TaskFormatException>(() => Json(Write("r.json", json)).ReadObject());
        Assert.EndsWith(": the root must be a JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstructorRejectsBadArguments()
    {
        static Exception Error(string p, string r, Exception? e) => new TaskFormatException(r, e);
        Assert.Throws<ArgumentNullException>(() => new BoundedJsonFile(null!, "f", 1, Error));
        Assert.Throws<ArgumentException>(() => new BoundedJsonFile("", "f", 1, Error));
        Assert.Throws<ArgumentException>(() => new BoundedJsonFile("a.json", " ", 1, Error));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedJsonFile("a.json", "f", 0, Error));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedJsonFile("a.json", "f", 1, Error, maxDepth: 0));
        Assert.Throws<ArgumentNullException>(() => new BoundedJsonFile("a.json", "f", 1, null!));
    }

    [Fact]
    public void ParseTextUsesTheSameWording()
    {
        var ex = Assert.Throws<PlanValidationException>(() => BoundedJsonFile.ParseText("[1,", 8, (reason, inner) => new PlanValidationException(reason, inner)));
        Assert.StartsWith("not valid JSON at line 1, byte ", ex.Message, StringComparison.Ordinal);
        Assert.Null(BoundedJsonFile.ParseText("null", 8, (reason, inner) => new PlanValidationException(reason, inner)));
    }

    [Fact]
    public void KindCheckedValuesNeverThrow()
    {
        var obj = JsonNode.Parse("{\"s\": \"x\", \"i\": 3, \"f\": 2.0, \"h\": 2.5, \"big\": 1e300, \"t\": true, \"n\": null, \"a\": [1]}")!.AsObject();
        Assert.True(JsonValues.TryGetString(obj["s"], out var s) && s == "x");
        Assert.False(JsonValues.TryGetString(obj["i"], out _));
        Assert.False(JsonValues.TryGetString(obj["n"], out _));
        Assert.False(JsonValues.TryGetString(obj["missing"], out _));
        Assert.False(JsonValues.TryGetString(obj["a"], out _));
        Assert.True(JsonValues.TryGetInt32(obj["i"], out var i) && i == 3);
        Assert.True(JsonValues.TryGetInt32(obj["f"], out var f) && f == 2);
        Assert.False(JsonValues.TryGetInt32(obj["h"], out _));
        Assert.False(JsonValues.TryGetInt32(obj["big"], out _));
        Assert.False(JsonValues.TryGetInt32(obj["s"], out _));
        Assert.True(JsonValues.TryGetNumber(obj["h"], out var h) && h == 2.5);
        Assert.False(JsonValues.TryGetNumber(obj["t"], out _));
        Assert.True(JsonValues.TryGetBoolean(obj["t"], out var t) && t);
        Assert.False(JsonValues.TryGetBoolean(obj["i"], out _));
        Assert.True(JsonValues.TryGetInt32((JsonNode)7, out var built) && built == 7);
        Assert.True(JsonValues.TryGetNumber((JsonNode)0.5f, out var single) && single == 0.5);
    }
}

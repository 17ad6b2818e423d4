using System.Text;
using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>Every header rule has a failing file; the exception must name the file and, where relevant, the tensor.</summary>
public sealed class HeaderValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>(case label, header JSON, data length, offending tensor or null, fragment expected in the message).</summary>
    public static TheoryData<string, string, int, string?, string> BadHeaders => new()
    {
        { "bad json", "{\"w\": {\"dtype\": \"F32\",", 0, null, "JSON" },
        { "not an object", "[1, 2]", 0, null, "object" },
        { "trailing garbage", "{} x", 0, null, "JSON" },
        { "dtype x shape mismatch", Entry("w", "F32", "[2, 3]", 0, 20), 20, "w", "needs 24 bytes" },
        { "offsets outside data", Entry("w", "F32", "[4]", 0, 16), 8, "w", "outside" },
        { "end before begin", Entry("w", "U8", "[0]", 8, 4), 8, "w", "before begin" },
        { "overlap", "{" + Body("a", "F32", "[2]", 0, 8) + "," + Body("b", "F32", "[2]", 4, 12) + "}", 12, "b", "overlap" },
        { "duplicate names", "{" + Body("w", "F32", "[1]", 0, 4) + "," + Body("w", "F32", "[1]", 4, 8) + "}", 8, "w", "more than once" },
        { "unknown dtype", Entry("w", "X99", "[1]", 0, 4), 4, "w", "unknown dtype 'X99'" },
        { "fp8 dtype", Entry("w", "F8_E4M3", "[4]", 0, 4), 4, "w", "F8_E4M3" },
        { "lower-case dtype", Entry("w", "f32", "[1]", 0, 4), 4, "w", "unknown dtype 'f32'" },
        { "empty name", Entry(string.Empty, "F32", "[1]", 0, 4), 4, string.Empty, "empty" },
        { "negative dimension", Entry("w", "F32", "[-1]", 0, 4), 4, "w", "non-negative" },
        { "fractional dimension", Entry("w", "F32", "[1.5]", 0, 4), 4, "w", "non-negative" },
        { "three offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8, "w", "exactly two" },
        { "missing shape", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "w", "must have dtype, shape and data_offsets" },
        { "unknown entry key", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4, "w", "unknown key 'x'" },
        { "repeated entry key", "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "w", "twice" },
        { "entry not an object", "{\"w\":[1]}", 0, "w", "must be an object" },
        { "metadata value not a string", "{\"__metadata__\":{\"format\":1}}", 0, null, "must be a string" },
        { "metadata repeated", "{\"__metadata__\":{},\"__metadata__\":{}}", 0, null, "twice" },
        { "metadata key repeated", "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0, null, "twice" },
        { "shape product overflows", Entry("w", "F64", "[4294967296, 4294967296]", 0, 8), 8, "w", "overflows" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void MalformedHeaderIsRejectedNamingFileAndTensor(string label, string header, int dataLength, string? tensor, string fragment)
    {
        var path = _dir.File(label.Replace(' ', '_') + ".safetensors");
        HandBuiltFile.Write(path, header, new byte[dataLength]);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(tensor, error.TensorName);
        if (tensor is { Length: > 0 })
        {
            Assert.Contains($"tensor '{tensor}'", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileShorterThanLengthPrefixIsRejected()
    {
        var path = _dir.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderLengthBeyondFileIsRejected()
    {
        var path = _dir.File("long-header.safetensors");
        HandBuiltFile.WriteRaw(path, Encoding.UTF8.GetBytes("{}      "), [], headerLength: 9);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the 8 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderLengthOverLimitIsRejected()
    {
        var path = _dir.File("huge-header.safetensors");
        HandBuiltFile.WriteRaw(path, Encoding.UTF8.GetBytes("{}      "), [], headerLength: ulong.MaxValue);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedDataSectionIsRejectedNamingTheTensor()
    {
        var path = _dir.File("truncated.safetensors");
        var header = "{" + Body("a", "F32", "[2]", 0, 8) + "," + Body("b", "F32", "[2]", 8, 16) + "}";
        HandBuiltFile.Write(path, header, new byte[12]);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Equal("b", error.TensorName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8HeaderIsRejected()
    {
        var path = _dir.File("utf8.safetensors");
        byte[] header = [.. Encoding.UTF8.GetBytes("{\"a"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\":1}")];
        HandBuiltFile.WriteRaw(path, header, [], (ulong)header.Length);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BooleanBytesOtherThanZeroOrOneAreRejectedOnRead()
    {
        var path = _dir.File("bool.safetensors");
        HandBuiltFile.Write(path, Entry("flags", "BOOL", "[3]", 0, 3), [0, 2, 1]);
        using var file = SafetensorsFile.Open(path);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var error = Assert.Throws<SafetensorsFormatException>(() => file.ReadTensor("flags"));
        Assert.Equal("flags", error.TensorName);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void EmptyTensorsMaySharePositionsAndGapsAreAllowed()
    {
        var path = _dir.File("edge.safetensors");
        var header = "{" + Body("a", "F32", "[1]", 4, 8) + "," + Body("e1", "F32", "[0]", 4, 4) + "," + Body("e2", "F32", "[0, 3]", 8, 8) + "}";
        HandBuiltFile.Write(path, header, HandBuiltFile.LittleEndian(9f, 7f));
        using var file = SafetensorsFile.Open(path);
        using var a = file.ReadTensor("a");
        Assert.Equal(7f, a.item<float>());
        using var e2 = file.ReadTensor("e2");
        Assert.Equal([0L, 3L], e2.shape);
    }

    [Fact]
    public void UnpaddedHeaderIsAccepted()
    {
        var path = _dir.File("unpadded.safetensors");
        HandBuiltFile.Write(path, Entry("w", "I32", "[1]", 0, 4), HandBuiltFile.LittleEndian(123), pad: false);
        using var file = SafetensorsFile.Open(path);
        using var w = file.ReadTensor("w");
        Assert.Equal(123, w.item<int>());
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        "{" + Body(name, dtype, shape, begin, end) + "}";

    private static string Body(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;

namespace GPTailor.Models.Tests;

public sealed class WriterRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<torch.ScalarType> AllDtypes => new()
    {
        torch.ScalarType.Float64, torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16,
        torch.ScalarType.Int64, torch.ScalarType.Int32, torch.ScalarType.Int16, torch.ScalarType.Int8,
        torch.ScalarType.Byte, torch.ScalarType.Bool,
    };

    [Theory]
    [MemberData(nameof(AllDtypes))]
    public void EveryDtypeRoundTripsBitExactlyIncludingScalarAndEmpty(torch.ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["matrix"] = Sample(dtype, [3, 5]),
            ["scalar"] = Sample(dtype, []),
            ["empty"] = Sample(dtype, [0]),
            ["empty2d"] = Sample(dtype, [2, 0]),
        };
        var path = _dir.File($"{dtype}.safetensors");
        SafetensorsWriter.Write(path, tensors);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(SafetensorsDTypes.ToTag(dtype), file.GetInfo("matrix").DType);
        foreach (var (name, expected) in tensors)
        {
            var actual = file.ReadTensor(name);
            Assert.Equal(dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(expected.bytes.ToArray(), actual.bytes.ToArray());
        }
    }

    [Fact]
    public void SpecialFloatBitPatternsSurvive()
    {
        using var scope = torch.NewDisposeScope();
        var values = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue };
        var f32 = torch.tensor(values);
        var bf16 = f32.to(torch.ScalarType.BFloat16);
        var f16 = f32.to(torch.ScalarType.Float16);
        var path = _dir.File("special.safetensors");
        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["f32"] = f32, ["bf16"] = bf16, ["f16"] = f16 });
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(f32.bytes.ToArray(), file.ReadTensor("f32").bytes.ToArray());
        Assert.Equal(bf16.bytes.ToArray(), file.ReadTensor("bf16").bytes.ToArray());
        Assert.Equal(f16.bytes.ToArray(), file.ReadTensor("f16").bytes.ToArray());
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(file.ReadTensor("f32").data<float>()[3]));
    }

    [Fact]
    public void HeaderIsAlignedHasFormatPtAndContiguousOffsetsInNaturalOrder()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["layers.10.w"] = torch.ones(3),
            ["layers.2.w"] = torch.ones(1, 2, dtype: torch.ScalarType.BFloat16),
            ["b"] = torch.ones(5, dtype: torch.ScalarType.Int8),
            ["a"] = torch.zeros(0),
        };
        var path = _dir.File("layout.safetensors");
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["origin"] = "test" });

        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        var headerText = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Equal(headerText.TrimEnd(' ').Length + ((8 - (headerText.TrimEnd(' ').Length % 8)) % 8), headerText.Length);
        using var json = JsonDocument.Parse(headerText);
        var root = json.RootElement;
        Assert.Equal("pt", root.GetProperty("__metadata__").GetProperty("format").GetString());
        Assert.Equal("test", root.GetProperty("__metadata__").GetProperty("origin").GetString());

        var entries = root.EnumerateObject().Where(p => p.Name != "__metadata__").ToList();
        Assert.Equal(["a", "b", "layers.2.w", "layers.10.w"], entries.Select(e => e.Name));
        long expectedBegin = 0;
        foreach (var entry in entries)
        {
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(expectedBegin, offsets[0]);
            expectedBegin = offsets[1];
        }

        Assert.Equal(bytes.Length - 8 - headerLength, expectedBegin);
        Assert.Equal("BF16", entries[2].Value.GetProperty("dtype").GetString());
        Assert.Equal([1L, 2L], entries[2].Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()));
    }

    [Fact]
    public void NonAsciiNamesUseUtf8ByteLengthInTheHeader()
    {
        using var scope = torch.NewDisposeScope();
        var path = _dir.File("utf8.safetensors");
        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["sz\u00f3.\u6f22\u5b57"] = torch.arange(4, dtype: torch.ScalarType.Int32) });
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Contains("sz\u00f3.\u6f22\u5b57", Encoding.UTF8.GetString(bytes, 8, headerLength), StringComparison.Ordinal);
        Assert.Equal(16, bytes.Length - 8 - headerLength);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([0, 1, 2, 3], file.ReadTensor("sz\u00f3.\u6f22\u5b57").data<int>().ToArray());
    }

    [Fact]
    public void NonContiguousTensorsAreWrittenInLogicalOrder()
    {
        using var scope = torch.NewDisposeScope();
        var source = torch.arange(6, dtype: torch.ScalarType.Float32).reshape(2, 3);
        var transposed = source.t();
        var path = _dir.File("transposed.safetensors");
        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["t"] = transposed });
        using var file = SafetensorsFile.Open(path);
        var read = file.ReadTensor("t");
        Assert.Equal([3L, 2L], read.shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], read.data<float>().ToArray());
    }

    [Fact]
    public void StreamingCallbackIsCalledOncePerTensorAndItsTensorsAreDisposed()
    {
        var held = torch.full(4, 2.5f);
        var specs = new[]
        {
            new TensorSpec("made", torch.ScalarType.Float32, [2, 2]),
            new TensorSpec("held", torch.ScalarType.Float32, [4]),
        };
        var calls = new List<string>();
        var path = _dir.File("stream.safetensors");
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        SafetensorsWriter.Write(path, specs, name =>
        {
            calls.Add(name);
            return name == "held" ? held : torch.arange(4, dtype: torch.ScalarType.Float32).reshape(2, 2).mul(3);
        });
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(["made", "held"], calls);
        Assert.Equal(2.5f, held[3].item<float>());

        using var file = SafetensorsFile.Open(path);
        using var made = file.ReadTensor("made");
        Assert.Equal([0f, 3f, 6f, 9f], made.data<float>().ToArray());
        held.Dispose();
    }

    [Fact]
    public void MismatchedProducedTensorFailsAndLeavesNoFile()
    {
        var path = _dir.File("bad.safetensors");
        var specs = new[] { new TensorSpec("w", torch.ScalarType.Float32, [2]) };
        var error = Assert.Throws<InvalidOperationException>(() => SafetensorsWriter.Write(path, specs, _ => torch.zeros(3)));
        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void FailedRewriteKeepsThePreviousFile()
    {
        using var scope = torch.NewDisposeScope();
        var path = _dir.File("keep.safetensors");
        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["w"] = torch.ones(2) });
        var specs = new[] { new TensorSpec("w", torch.ScalarType.Float32, [2]) };
        Assert.Throws<InvalidOperationException>(() => SafetensorsWriter.Write(path, specs, _ => throw new InvalidOperationException("boom")));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([1f, 1f], file.ReadTensor("w").data<float>().ToArray());
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void InvalidSpecsAndMetadataAreRejected()
    {
        var path = _dir.File("x.safetensors");
        var spec = new TensorSpec("w", torch.ScalarType.Float32, [1]);
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [spec, spec], _ => torch.zeros(1)));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [spec with { Name = "" }], _ => torch.zeros(1)));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [spec with { Name = "__metadata__" }], _ => torch.zeros(1)));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [spec], _ => torch.zeros(1), new Dictionary<string, string> { ["format"] = "np" }));
        Assert.Throws<NotSupportedException>(() => SafetensorsWriter.Write(path, [spec with { DType = torch.ScalarType.ComplexFloat32 }], _ => torch.zeros(1)));
        Assert.False(File.Exists(path));
    }

    private static torch.Tensor Sample(torch.ScalarType dtype, long[] shape)
    {
        var generator = new torch.Generator(1234);
        return dtype switch
        {
            torch.ScalarType.Bool => torch.randint(0, 2, shape, generator: generator).to(torch.ScalarType.Bool),
            torch.ScalarType.Byte => torch.randint(0, 256, shape, generator: generator).to(dtype),
            torch.ScalarType.Int8 => torch.randint(-128, 128, shape, generator: generator).to(dtype),
            torch.ScalarType.Int16 => torch.randint(-32768, 32768, shape, generator: generator).to(dtype),
            torch.ScalarType.Int32 => torch.randint(int.MinValue, int.MaxValue, shape, generator: generator).to(dtype),
            torch.ScalarType.Int64 => torch.randint(long.MinValue / 2, long.MaxValue / 2, shape, generator: generator).to(dtype),
            _ => torch.randn(shape, generator: generator).mul(100).to(dtype),
        };
    }
}

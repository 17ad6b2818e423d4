using System.Text;
using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>Reads a file written byte by byte by the test itself (no library writer involved).</summary>
public sealed class HandBuiltReadTests : IDisposable
{
    private static readonly ushort[] Bf16Bits = [0x3F80, 0xC040, 0x4049, 0x7F80, 0x0001, 0x8000];
    private static readonly ushort[] F16Bits = [0x3C00, 0xC000, 0x7BFF];

    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly long _dataStart;
    private readonly Dictionary<string, (long Begin, long End)> _offsets = [];

    public HandBuiltReadTests()
    {
        // (name as written in JSON, dtype, shape, raw little-endian bytes). Keys go into the header in this order,
        // data is laid out in the reverse order so offsets do not follow key order.
        (string Json, string Name, string DType, string Shape, byte[] Bytes)[] entries =
        [
            ("i64", "i64", "I64", "[2]", HandBuiltFile.LittleEndian(1L << 40, -5L)),
            ("bf", "bf", "BF16", "[2,3]", HandBuiltFile.LittleEndian(Bf16Bits)),
            ("f32", "f32", "F32", "[2,2]", HandBuiltFile.LittleEndian(1.5f, -2.25f, 1e-30f, 3.4e38f)),
            ("u8", "u8", "U8", "[3]", [0, 255, 7]),
            ("f16", "f16", "F16", "[3]", HandBuiltFile.LittleEndian(F16Bits)),
            ("f64", "f64", "F64", "[2]", HandBuiltFile.LittleEndian(Math.PI, -1e300)),
            ("i32", "i32", "I32", "[1]", HandBuiltFile.LittleEndian(-7)),
            ("i16", "i16", "I16", "[2]", HandBuiltFile.LittleEndian((short)-300, (short)32767)),
            ("i8", "i8", "I8", "[2]", [0x80, 0x7F]),
            ("mask", "mask", "BOOL", "[2]", [1, 0]),
            ("scalar", "scalar", "F32", "[]", HandBuiltFile.LittleEndian(42.5f)),
            ("empty", "empty", "F32", "[0]", []),
            ("n\u00e9v", "n\u00e9v", "U8", "[1]", [9]),
            ("esc\\u0041", "escA", "I8", "[1]", [0xFF]),
        ];

        var data = new List<byte>();
        foreach (var e in entries.Reverse())
        {
            _offsets[e.Name] = (data.Count, data.Count + e.Bytes.Length);
            data.AddRange(e.Bytes);
        }

        var header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"note\":\"hand\"}");
        foreach (var e in entries)
        {
            var (begin, end) = _offsets[e.Name];
            header.Append($",\"{e.Json}\":{{\"dtype\":\"{e.DType}\",\"shape\":{e.Shape},\"data_offsets\":[{begin},{end}]}}");
        }

        header.Append('}');
        _path = _dir.File("hand.safetensors");
        HandBuiltFile.Write(_path, header.ToString(), data.ToArray());
        var headerBytes = Encoding.UTF8.GetByteCount(header.ToString());
        _dataStart = 8 + headerBytes + ((8 - (headerBytes % 8)) % 8);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void HeaderEntriesAndMetadataAreParsed()
    {
        using var file = SafetensorsFile.Open(_path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("hand", file.Metadata["note"]);
        Assert.Equal(14, file.TensorNames.Count);
        Assert.Contains("n\u00e9v", file.TensorNames);
        Assert.Contains("escA", file.TensorNames);
        var bf = file.GetInfo("bf");
        Assert.Equal("BF16", bf.DType);
        Assert.Equal([2L, 3L], bf.Shape);
        Assert.Equal(_dataStart + _offsets["bf"].Begin, bf.Offset);
        Assert.Equal(12, bf.ByteLength);
        Assert.Equal(Path.GetFullPath(_path), bf.File);
        Assert.Empty(file.GetInfo("scalar").Shape);
        Assert.Throws<KeyNotFoundException>(() => file.GetInfo("missing"));
    }

    [Fact]
    public void Bf16BitPatternsMatchManualConversion()
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);
        var raw = file.ReadTensor("bf");
        Assert.Equal(torch.ScalarType.BFloat16, raw.dtype);
        Assert.Equal([2L, 3L], raw.shape);
        Assert.Equal(HandBuiltFile.LittleEndian(Bf16Bits), raw.bytes.ToArray());

        var asFloat = file.ReadTensor("bf", torch.ScalarType.Float32).data<float>().ToArray();
        var manual = Bf16Bits.Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray();
        Assert.Equal([1f, -3f, 3.140625f, float.PositiveInfinity, MathF.Pow(2, -133), -0f], manual);
        Assert.Equal(manual, asFloat);
        Assert.True(float.IsNegative(asFloat[5]));
    }

    [Fact]
    public void F16ValuesMatchManualConversion()
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);
        var values = file.ReadTensor("f16", torch.ScalarType.Float32).data<float>().ToArray();
        Assert.Equal(F16Bits.Select(b => (float)BitConverter.UInt16BitsToHalf(b)).ToArray(), values);
        Assert.Equal([1f, -2f, 65504f], values);
    }

    [Fact]
    public void EveryOtherDtypeReadsItsBytes()
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);
        Assert.Equal([1.5f, -2.25f, 1e-30f, 3.4e38f], file.ReadTensor("f32").data<float>().ToArray());
        Assert.Equal([Math.PI, -1e300], file.ReadTensor("f64").data<double>().ToArray());
        Assert.Equal([1L << 40, -5L], file.ReadTensor("i64").data<long>().ToArray());
        Assert.Equal([-7], file.ReadTensor("i32").data<int>().ToArray());
        Assert.Equal([(short)-300, (short)32767], file.ReadTensor("i16").data<short>().ToArray());
        Assert.Equal([(sbyte)-128, (sbyte)127], file.ReadTensor("i8").data<sbyte>().ToArray());
        Assert.Equal([(byte)0, (byte)255, (byte)7], file.ReadTensor("u8").data<byte>().ToArray());
        Assert.Equal([true, false], file.ReadTensor("mask").data<bool>().ToArray());
        Assert.Equal([(byte)9], file.ReadTensor("n\u00e9v").data<byte>().ToArray());
        Assert.Equal([(sbyte)-1], file.ReadTensor("escA").data<sbyte>().ToArray());
    }

    [Fact]
    public void ScalarAndEmptyTensorsKeepTheirShapes()
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);
        var scalar = file.ReadTensor("scalar");
        Assert.Equal(0, scalar.dim());
        Assert.Equal(42.5f, scalar.item<float>());
        var empty = file.ReadTensor("empty");
        Assert.Equal([0L], empty.shape);
        Assert.Equal(torch.ScalarType.Float32, empty.dtype);
    }

    [Fact]
    public void ConvertsDtypeOnRequest()
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);
        var asDouble = file.ReadTensor("f32", torch.ScalarType.Float64, torch.CPU);
        Assert.Equal(torch.ScalarType.Float64, asDouble.dtype);
        Assert.Equal(new[] { 1.5f, -2.25f, 1e-30f, 3.4e38f }.Select(f => (double)f).ToArray(), asDouble.data<double>().ToArray());
    }

    [Fact]
    public void ReadingLeavesNoLiveTensorsBehind()
    {
        using var file = SafetensorsFile.Open(_path);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var name in file.TensorNames)
        {
            using var t = file.ReadTensor(name);
            using var converted = file.ReadTensor(name, torch.ScalarType.Float64);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ConcurrentReadsReturnTheSameData()
    {
        using var file = SafetensorsFile.Open(_path);
        var results = new float[16][];
        Parallel.For(0, results.Length, i =>
        {
            using var t = file.ReadTensor("f32");
            results[i] = t.data<float>().ToArray();
        });
        Assert.All(results, r => Assert.Equal([1.5f, -2.25f, 1e-30f, 3.4e38f], r));
    }

    [Fact]
    public void ReadAfterDisposeThrows()
    {
        var file = SafetensorsFile.Open(_path);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.ReadTensor("f32"));
    }
}

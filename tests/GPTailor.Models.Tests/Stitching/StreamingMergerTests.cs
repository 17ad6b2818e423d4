using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// The streamed merge (chunked reads, one fused float32 loop) against <see cref="WeightMerger"/> on whole tensors (a
/// second implementation: bit-identical expected, since both apply the same float32 operations in the same order) and
/// against a float64 computation (tolerance stated per case).
/// </summary>
[Collection("torch")]
public sealed class StreamingMergerTests : IDisposable
{
    // Crosses two chunk boundaries and ends in a partial chunk whose length is not a multiple of the vector width.
    private const int Rows = 3;
    private const int Columns = (StreamingMerger.ChunkElements * 2 / 3) + 13;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<torch.ScalarType, MergeMethod> Cases => new()
    {
        { torch.ScalarType.BFloat16, MergeMethod.TaskArithmetic },
        { torch.ScalarType.Float32, MergeMethod.TaskArithmetic },
        { torch.ScalarType.Float16, MergeMethod.TaskArithmetic },
        { torch.ScalarType.Float64, MergeMethod.TaskArithmetic },
        { torch.ScalarType.BFloat16, MergeMethod.Linear },
        { torch.ScalarType.Float32, MergeMethod.Linear },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsWeightMergerBitForBitAndAFloat64ReferenceWithinFloat32Rounding(torch.ScalarType stored, MergeMethod method)
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var files = WriteMembers(stored, 4, extraRows: 0);
        using (var scope = torch.NewDisposeScope())
        {
            var recipe = method == MergeMethod.TaskArithmetic
                ? MergeRecipe.TaskArithmeticOf([1, 2, 3], 0.37)
                : new MergeRecipe { Method = MergeMethod.Linear, Members = [1, 2, 3], Weights = [0.2, 0.5, 0.3] };
            var streamed = Merge(files, recipe, torch.ScalarType.Float32);
            var whole = files.Select(f => f.ReadTensor("w", torch.ScalarType.Float32)).ToArray();
            var expected = WeightMerger.Merge(recipe, whole[1..], method == MergeMethod.TaskArithmetic ? whole[0] : null);
            Assert.Equal(expected.shape, streamed.shape);
            Assert.True(expected.equal(streamed).all().item<bool>());

            // Float64 reference from the same stored values. Values are below 4 in magnitude and at most five float32
            // operations round each element (relative error 2^-24 each), so the error is below 5 · 4 · 2^-24 ≈ 1.2e-6.
            var d = whole.Select(t => t.to(torch.ScalarType.Float64)).ToArray();
            var reference = method == MergeMethod.TaskArithmetic
                ? d[0] + ((d[1] - d[0] + d[2] - d[0] + d[3] - d[0]) * 0.37)
                : (d[1] * 0.2) + (d[2] * 0.5) + (d[3] * 0.3);
            var error = (streamed.to(torch.ScalarType.Float64) - reference).abs().max().item<double>();
            Assert.InRange(error, 0, 2e-6);
            Assert.True(error > 0 || stored != torch.ScalarType.Float32); // the float32 path does round (the check can fail)
        }

        foreach (var f in files)
        {
            f.Dispose();
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void RoundsTheFloat32ResultIntoTheOutputDtypeAsTensorToDoes()
    {
        var files = WriteMembers(torch.ScalarType.BFloat16, 3, extraRows: 0);
        using (var scope = torch.NewDisposeScope())
        {
            var recipe = MergeRecipe.TaskArithmeticOf([1, 2], 0.61);
            var streamed = Merge(files, recipe, torch.ScalarType.BFloat16);
            var whole = files.Select(f => f.ReadTensor("w", torch.ScalarType.Float32)).ToArray();
            var expected = WeightMerger.Merge(recipe, whole[1..], whole[0]).to(torch.ScalarType.BFloat16);
            Assert.Equal(torch.ScalarType.BFloat16, streamed.dtype);
            Assert.True(expected.equal(streamed).all().item<bool>());
        }

        foreach (var f in files)
        {
            f.Dispose();
        }
    }

    [Fact]
    public void KeepsOnlyTheFirstRowsWhenAskedAndReadsCheckpointsWithoutRangesWhole()
    {
        var files = WriteMembers(torch.ScalarType.BFloat16, 3, extraRows: 2);
        using (var scope = torch.NewDisposeScope())
        {
            var recipe = MergeRecipe.TaskArithmeticOf([1, 2], 0.5);
            ICheckpoint[] plain = files.Select(f => (ICheckpoint)new WholeOnly(f)).ToArray();
            var sources = recipe.Members.Select(m => new StreamingMerger.Source(plain[m], "w", rows: Rows)).ToArray();
            var fallback = StreamingMerger.Merge(recipe, sources, new StreamingMerger.Source(plain[0], "w", rows: Rows), torch.ScalarType.Float32);
            var ranged = StreamingMerger.Merge(
                recipe,
                recipe.Members.Select(m => new StreamingMerger.Source(files[m], "w", rows: Rows)).ToArray(),
                new StreamingMerger.Source(files[0], "w", rows: Rows),
                torch.ScalarType.Float32);
            var whole = files.Select(f => f.ReadTensor("w", torch.ScalarType.Float32).narrow(0, 0, Rows)).ToArray();
            var expected = WeightMerger.Merge(recipe, whole[1..], whole[0]);
            Assert.Equal([Rows, Columns], ranged.shape);
            Assert.True(expected.equal(ranged).all().item<bool>());
            Assert.True(expected.equal(fallback).all().item<bool>());
        }

        foreach (var f in files)
        {
            f.Dispose();
        }
    }

    [Fact]
    public void RefusesSourcesOfDifferentShapesAndRangesOutsideTheTensor()
    {
        var files = WriteMembers(torch.ScalarType.Float32, 2, extraRows: 0);
        var other = Path.Combine(_dir.Path, "other.safetensors");
        using (var scope = torch.NewDisposeScope())
        {
            SafetensorsWriter.Write(other, new Dictionary<string, torch.Tensor> { ["w"] = torch.zeros(Rows, 5) });
        }

        using var small = SafetensorsFile.Open(other);
        var recipe = MergeRecipe.TaskArithmeticOf([1], 0.5);
        Assert.Throws<InvalidDataException>(() =>
            StreamingMerger.Merge(recipe, [new StreamingMerger.Source(small, "w")], new StreamingMerger.Source(files[0], "w"), torch.ScalarType.Float32));
        var reader = (ITensorRangeReader)files[0];
        Assert.Throws<ArgumentException>(() => reader.ReadElements("w", (Rows * Columns) - 1, new byte[8]));
        Assert.Throws<ArgumentException>(() => reader.ReadElements("w", -1, new byte[4]));
        Assert.Throws<ArgumentException>(() => reader.ReadElements("w", 0, new byte[3]));
        foreach (var f in files)
        {
            f.Dispose();
        }
    }

    [Theory]
    [InlineData(torch.ScalarType.BFloat16)]
    [InlineData(torch.ScalarType.Float16)]
    public void ChunkedConversionOnReadEqualsConvertingTheStoredTensor(torch.ScalarType stored)
    {
        var files = WriteMembers(stored, 1, extraRows: 0);
        using (var scope = torch.NewDisposeScope())
        {
            var raw = files[0].ReadTensor("w");
            Assert.Equal(stored, raw.dtype);
            var converted = files[0].ReadTensor("w", torch.ScalarType.Float32);
            Assert.True(raw.to(torch.ScalarType.Float32).equal(converted).all().item<bool>());
        }

        files[0].Dispose();
    }

    private static torch.Tensor Merge(SafetensorsFile[] files, MergeRecipe recipe, torch.ScalarType dtype)
    {
        var sources = recipe.Members.Select(m => new StreamingMerger.Source(files[m], "w")).ToArray();
        var anchor = recipe.Method == MergeMethod.TaskArithmetic ? new StreamingMerger.Source(files[0], "w") : null;
        return StreamingMerger.Merge(recipe, sources, anchor, dtype);
    }

    /// <summary>Member m: tensor "w" of [Rows + extraRows, Columns], N(0, 1) values (member 0 the base, others base + N(0, 0.3)).</summary>
    private SafetensorsFile[] WriteMembers(torch.ScalarType stored, int count, int extraRows)
    {
        var files = new SafetensorsFile[count];
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(42);
        var b = torch.randn([Rows + extraRows, Columns], generator: generator).clamp(-3, 3);
        for (var m = 0; m < count; m++)
        {
            var value = m == 0 ? b : b + (torch.randn([Rows + extraRows, Columns], generator: generator).clamp(-3, 3) * 0.3);
            var path = Path.Combine(_dir.Path, $"{stored}-{m}.safetensors");
            SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["w"] = value.to(stored) });
            files[m] = SafetensorsFile.Open(path);
        }

        return files;
    }

    /// <summary>A checkpoint that offers only whole-tensor reads.</summary>
    private sealed class WholeOnly(ICheckpoint inner) : ICheckpoint
    {
        public string Source => inner.Source;

        public IReadOnlyList<string> TensorNames => inner.TensorNames;

        public bool Contains(string name) => inner.Contains(name);

        public TensorInfo GetInfo(string name) => inner.GetInfo(name);

        public torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null, torch.Device? device = null) => inner.ReadTensor(name, dtype, device);

        public void Dispose()
        {
        }
    }
}

namespace GPTailor.Models.Tests;

/// <summary>An export whose tensors are not all finite is refused before it is committed, and leaves nothing behind.</summary>
[Collection("torch")]
public sealed class FiniteExportTests : IDisposable
{
    private const string Tensor = "model.layers.1.mlp.up_proj.weight";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TailoringPlan Layer1FromCandidate0() => TailoringPlan.BaseWithout(4, 1, [2]) with
    {
        Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(1) }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }],
    };

    [Theory]
    [InlineData(float.NaN, "float32", "NaN")]
    [InlineData(1e6f, "float16", "infinite")] // finite in float32, overflows float16
    public void NonFiniteTensorRefusesTheExportNamingTheTensor(float value, string dtype, string expected)
    {
        var manifest = RandomFamily.Write(Path.Combine(_dir.Path, "family"), candidates: 1);
        RandomFamily.SetTensor(manifest.Members[1].Directory, Tensor, value);
        using var family = ModelFamily.Open(manifest);
        var output = Path.Combine(_dir.Path, "out");
        var ex = Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Layer1FromCandidate0(), output, new ExportOptions { DType = ComputeDType.Parse(dtype) }));
        Assert.Contains(Tensor, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path, ".out*"));
    }

    [Fact]
    public void FiniteModelExportsAsBefore()
    {
        using var family = ModelFamily.Open(RandomFamily.Write(Path.Combine(_dir.Path, "family"), candidates: 1));
        var output = Path.Combine(_dir.Path, "out");
        TailoredModelExporter.Export(family, Layer1FromCandidate0(), output, new ExportOptions { DType = ComputeDType.Float16 });
        Assert.True(File.Exists(Path.Combine(output, "config.json")));
        FiniteTensorCheck.ThrowIfNotFinite(output);
    }
}

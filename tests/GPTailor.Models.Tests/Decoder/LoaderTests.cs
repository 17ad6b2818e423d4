using System.Text.Json.Nodes;
using TorchSharp;

namespace GPTailor.Models.Tests;

public class LoaderTests
{
    private static HfModelConfig Config(string model, Action<JsonObject>? edit = null)
    {
        var o = HfModelConfig.Load(GoldenData.Directory(model, "f32")).ToJsonObject();
        edit?.Invoke(o);
        return HfModelConfig.Parse(o.ToJsonString());
    }

    [Fact]
    public void LoadingADirectoryGivesTheModelOfItsCheckpointAndConfig()
    {
        var directory = GoldenData.Directory("qwen2_bias", "f32");
        using var scope = torch.NewDisposeScope();
        using var checkpoint = SafetensorsCheckpoint.Open(directory);
        using var twoStep = CausalLanguageModelLoader.Load(checkpoint, HfModelConfig.Load(directory));
        using var fromDirectory = CausalLanguageModelLoader.Load(directory);
        var ids = torch.tensor(new long[] { 1, 7, 3, 9, 2 }).unsqueeze(0);

        Assert.True(twoStep.Forward(ids).eq(fromDirectory.Forward(ids)).all().item<bool>()); // bit-identical logits
        Assert.Throws<FileNotFoundException>(() => CausalLanguageModelLoader.Load(Path.Combine(directory, "missing")));
    }

    [Fact]
    public void MissingTensorIsReportedByName()
    {
        using var checkpoint = new HidingCheckpoint(SafetensorsCheckpoint.Open(GoldenData.Directory("qwen2_bias", "f32")), "model.layers.1.self_attn.k_proj.bias");
        var e = Assert.Throws<InvalidDataException>(() => CausalLanguageModelLoader.Load(checkpoint, Config("qwen2_bias")));
        Assert.Contains("model.layers.1.self_attn.k_proj.bias", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShapeMismatchWithConfigIsReported()
    {
        using var checkpoint = SafetensorsCheckpoint.Open(GoldenData.Directory("llama_tied", "f32"));
        var config = Config("llama_tied", o => o["intermediate_size"] = 40);
        var e = Assert.Throws<InvalidDataException>(() => CausalLanguageModelLoader.Load(checkpoint, config));
        Assert.Contains("mlp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnavailableDeviceAndUnsupportedDTypeAreTyped()
    {
        using var checkpoint = SafetensorsCheckpoint.Open(GoldenData.Directory("llama_tied", "f32"));
        var config = Config("llama_tied");
        if (!torch.cuda.is_available())
        {
            Assert.Throws<DeviceUnavailableException>(() => CausalLanguageModelLoader.Load(checkpoint, config, new ModelLoadOptions(ComputeDType.Float32, ComputeDevice.Cuda)));
        }

        Assert.Throws<ArgumentException>(() => ComputeDevice.Parse("quantum"));
        Assert.Throws<ArgumentException>(() => CausalLanguageModelLoader.Load(checkpoint, config, new ModelLoadOptions(ComputeDType.Float16)));
    }

    [Fact]
    public void LoadedTensorsHaveTheComputeDTypeAndTiedHeadIsNotDuplicated()
    {
        using var m = GoldenModel.Load("qwen2_bias", "f32", torch.ScalarType.BFloat16);
        Assert.Null(m.LanguageModelHead);
        Assert.Equal(torch.ScalarType.BFloat16, m.DType);
        Assert.All(m.Layers.SelectMany(l => l.Weights.Tensors), t => Assert.Equal(torch.ScalarType.BFloat16, t.dtype));
        Assert.NotNull(m.Layers[0].Weights.QueryBias);
        Assert.Null(m.Layers[0].Weights.OutputBias);
    }

    [Fact]
    public void LayersFromTwoLoadsCanBeAssembledWithoutCopies()
    {
        using var a = GoldenModel.Load("llama_tied", "f32");
        using var other = SafetensorsCheckpoint.Open(GoldenData.Directory("llama_tied", "bf16"));
        var bLayer = CausalLanguageModelLoader.LoadLayer(other, a.Config, 1);
        try
        {
            var layers = new[] { a.Layers[0], new DecoderLayer(a.Config, bLayer) };
            using var stitched = new CausalLanguageModel(a.Config, a.Embeddings, layers, a.FinalNorm, null);
            Assert.Same(a.Layers[0].Weights.QueryWeight, stitched.Layers[0].Weights.QueryWeight);
            using var scope = torch.NewDisposeScope();
            var logits = stitched.Forward(torch.tensor(new long[] { 1, 2, 3 }, [1, 3]));
            Assert.Equal([1L, 3, 96], logits.shape);
            Assert.True(logits.isfinite().all().item<bool>());
        }
        finally
        {
            foreach (var t in bLayer.Tensors)
            {
                t.Dispose();
            }
        }
    }

    [Fact]
    public void DisposingALoadedModelReleasesEveryTensor()
    {
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var m = GoldenModel.Load("llama_untied_bias", "bf16", torch.ScalarType.BFloat16))
        {
            using var scope = torch.NewDisposeScope();
            m.Forward(torch.tensor(new long[] { 1, 2, 3, 4 }, [2, 2]), torch.tensor(new long[] { 0, 1, 1, 1 }, [2, 2]));
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ForwardRejectsBadInputsAndTooLongSlidingWindowInput()
    {
        using var m = GoldenModel.Load("llama_tied", "f32");
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Forward(torch.tensor(new long[] { 1, 96 }, [1, 2])));
        Assert.Throws<ArgumentException>(() => m.Forward(torch.tensor(new long[] { 1, 2 })));
        Assert.Throws<ArgumentException>(() => m.Forward(torch.tensor(new float[] { 1, 2 }, [1, 2])));

        var config = Config("mistral_gqa", o => o["sliding_window"] = 4);
        using var checkpoint = SafetensorsCheckpoint.Open(GoldenData.Directory("mistral_gqa", "f32"));
        using var windowed = CausalLanguageModelLoader.Load(checkpoint, config);
        Assert.Equal([1L, 4, 96], windowed.Forward(torch.tensor(new long[] { 1, 2, 3, 4 }, [1, 4])).shape);
        Assert.Throws<UnsupportedModelException>(() => windowed.Forward(torch.tensor(new long[] { 1, 2, 3, 4, 5 }, [1, 5])));
    }

    private sealed class HidingCheckpoint(ICheckpoint inner, string hidden) : ICheckpoint
    {
        public string Source => inner.Source;

        public IReadOnlyList<string> TensorNames => inner.TensorNames.Where(n => n != hidden).ToArray();

        public bool Contains(string name) => name != hidden && inner.Contains(name);

        public TensorInfo GetInfo(string name) => name == hidden ? throw new KeyNotFoundException(name) : inner.GetInfo(name);

        public torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null, torch.Device? device = null) =>
            name == hidden ? throw new KeyNotFoundException(name) : inner.ReadTensor(name, dtype, device);

        public void Dispose() => inner.Dispose();
    }
}

using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>Opens a golden model directory and loads it.</summary>
internal static class GoldenModel
{
    public static CausalLanguageModel Load(string model, string variant, torch.ScalarType compute = torch.ScalarType.Float32)
    {
        var dir = GoldenData.Directory(model, variant);
        var config = HfModelConfig.Load(dir);
        using var checkpoint = SafetensorsCheckpoint.Open(dir);
        return CausalLanguageModelLoader.Load(checkpoint, config, new ModelLoadOptions(ComputeDType.From(compute)));
    }
}

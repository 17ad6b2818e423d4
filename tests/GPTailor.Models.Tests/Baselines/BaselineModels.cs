using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>Small random base models for the baseline tests, optionally with exact identity layers.</summary>
internal static class BaselineModels
{
    /// <summary>
    /// Writes a random model whose <paramref name="identityLayers"/> have zero o_proj and down_proj weights, so that
    /// they return their input unchanged (both residual updates are exactly zero).
    /// </summary>
    public static string Write(string directory, int layers, int seed = 3, params int[] identityLayers)
    {
        using var scope = torch.NewDisposeScope();
        var config = RandomFamily.Config(layers);
        var tensors = RandomFamily.RandomTensors(config, seed);
        foreach (var layer in identityLayers)
        {
            tensors[$"model.layers.{layer}.self_attn.o_proj.weight"].zero_();
            tensors[$"model.layers.{layer}.mlp.down_proj.weight"].zero_();
        }

        return RandomFamily.WriteModel(directory, config, tensors);
    }

    public static ModelFamily OpenFamily(string directory) => ModelFamily.Open(FamilyManifest.FromDirectories([directory]));

    public static CausalLanguageModel Load(string directory)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(directory);
        return CausalLanguageModelLoader.Load(checkpoint, HfModelConfig.Load(directory));
    }

    /// <summary>Calibration sequences of unequal lengths (ids inside the test vocabulary of 96).</summary>
    public static IReadOnlyList<int[]> Calibration { get; } =
    [
        [1, 5, 9, 13, 40, 7, 3],
        [1, 8, 2, 77],
        [1, 50, 60, 11, 12, 90, 33, 34, 4, 21],
    ];
}

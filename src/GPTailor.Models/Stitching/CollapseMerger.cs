using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// LaCo layer collapse of one tensor role: norms come from the receiving layer; attention and MLP tensors are
/// <c>Σ_v c_v θ_v</c> (RDSC, float32) or the last absorbed layer's tensor (notebook behaviour).
/// </summary>
internal static class CollapseMerger
{
    /// <summary>True for the roles LaCo combines (attention and MLP weights and biases), false for the norms.</summary>
    public static bool IsMerged(TensorRole role) => role is not (TensorRole.InputNorm or TensorRole.PostAttentionNorm);

    /// <summary>The source layer whose tensor is used unchanged, or null when the role is an RDSC combination.</summary>
    public static int? PassthroughLayer(LayerRecipe layer, TensorRole role) =>
        !IsMerged(role) ? layer.SourceLayer
        : layer.CollapseMode == CollapseMode.Notebook ? layer.CollapsedLayers![^1]
        : null;

    /// <summary><c>Σ_v c_v θ_v</c> in float32 over [source, collapsed...] tensors.</summary>
    public static torch.Tensor Combine(IReadOnlyList<torch.Tensor> tensors, IReadOnlyList<double> coefficients)
    {
        if (tensors.Count != coefficients.Count || tensors.Count == 0)
        {
            throw new ArgumentException($"Expected {coefficients.Count} tensors, got {tensors.Count}.", nameof(tensors));
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var result = torch.zeros_like(tensors[0], dtype: torch.ScalarType.Float32);
        for (var i = 0; i < tensors.Count; i++)
        {
            if (coefficients[i] != 0)
            {
                result.add_(tensors[i].to(torch.ScalarType.Float32), alpha: coefficients[i]);
            }
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The cache key part describing the collapse.</summary>
    public static string Key(LayerRecipe layer) =>
        $"collapse|{ModeName(layer.CollapseMode)}|{string.Join(',', layer.CollapsedLayers!)}|"
        + string.Join(',', layer.EffectiveCollapseCoefficients.Select(c => c.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    private static string ModeName(CollapseMode mode) => mode == CollapseMode.Notebook ? "notebook" : "rdsc";
}

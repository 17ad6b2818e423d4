namespace GPTailor.Models;

/// <summary>
/// One tensor of an architecture, as data: its name template (per-layer templates contain <c>${layer}</c>),
/// its role, its symbolic shape and when it is present.
/// </summary>
/// <param name="NameTemplate">Tensor name; <c>${layer}</c> is replaced by the layer index.</param>
/// <param name="Role">What the tensor is for.</param>
/// <param name="Shape">Symbolic shape.</param>
/// <param name="Presence">When the tensor exists.</param>
public sealed record TensorTemplate(
    string NameTemplate,
    TensorRole Role,
    IReadOnlyList<TensorDimension> Shape,
    TensorPresence Presence = TensorPresence.Always)
{
    /// <summary>The placeholder replaced by the layer index in per-layer templates.</summary>
    public const string LayerPlaceholder = "${layer}";

    /// <summary>The concrete name for a layer (or the template itself for non-layer tensors).</summary>
    /// <param name="layer">Zero-based layer index.</param>
    public string NameFor(int layer) => NameTemplate.Replace(LayerPlaceholder, layer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

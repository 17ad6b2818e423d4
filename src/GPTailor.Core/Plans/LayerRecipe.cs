namespace GPTailor;

/// <summary>One decoder layer of a tailored model: which source layer index it is, and how it is formed.</summary>
public sealed record LayerRecipe
{
    /// <summary>The layer index L in the family members that this output layer takes.</summary>
    public required int SourceLayer { get; init; }

    /// <summary>How the layer is formed from the members' layer <see cref="SourceLayer"/>.</summary>
    public required MergeRecipe Merge { get; init; }

    /// <summary>
    /// The base layer used as anchor B of task arithmetic. Defaults to <see cref="SourceLayer"/>; the reference code's
    /// output-index quirk sets it to the output index instead (see <c>AnchorMode</c>).
    /// </summary>
    public int? AnchorLayer { get; init; }

    /// <summary>
    /// Later source layers of the base absorbed into this one (LaCo layer collapse), ascending; each is then removed
    /// (it appears in no other recipe). Only the attention and MLP weights (and biases) are combined, as
    /// <see cref="CollapseMode"/> says; the norms stay those of <see cref="SourceLayer"/>. Null or empty: no collapse.
    /// A collapsing layer must be a passthrough of the base (member 0).
    /// </summary>
    public IReadOnlyList<int>? CollapsedLayers { get; init; }

    /// <summary>How the absorbed layers are combined (only meaningful with <see cref="CollapsedLayers"/>).</summary>
    public CollapseMode CollapseMode { get; init; } = CollapseMode.Rdsc;

    /// <summary>
    /// Optional, <see cref="CollapseMode.Rdsc"/> only: coefficients c of <c>θ* = Σ_v c_v θ_v</c> over
    /// [<see cref="SourceLayer"/>, <see cref="CollapsedLayers"/>...] in that order, summing to 1. Needed when LaCo merges
    /// a layer with successors that were themselves merged before (RDSC is linear, so any sequence of merges is such a
    /// combination). Null: the paper's single-step formula, c = (1 − m, 1, …, 1) for m absorbed layers.
    /// </summary>
    public IReadOnlyList<double>? CollapseCoefficients { get; init; }

    /// <summary>True when this layer absorbs later layers.</summary>
    public bool IsCollapsed => CollapsedLayers is { Count: > 0 };

    /// <summary>The RDSC coefficients in use: <see cref="CollapseCoefficients"/>, or (1 − m, 1, …, 1).</summary>
    public IReadOnlyList<double> EffectiveCollapseCoefficients => CollapseCoefficients
        ?? (IsCollapsed ? [1.0 - CollapsedLayers!.Count, .. Enumerable.Repeat(1.0, CollapsedLayers!.Count)] : [1.0]);

    /// <summary>The anchor layer actually used.</summary>
    public int EffectiveAnchorLayer => AnchorLayer ?? SourceLayer;
}

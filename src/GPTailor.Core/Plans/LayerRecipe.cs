namespace GPTailor.Plans;

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

    /// <summary>The anchor layer actually used.</summary>
    public int EffectiveAnchorLayer => AnchorLayer ?? SourceLayer;
}

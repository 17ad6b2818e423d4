namespace GPTailor;

/// <summary>How a layer that absorbs later layers (LaCo's layer collapse) forms its attention and MLP weights.</summary>
public enum CollapseMode
{
    /// <summary>
    /// LaCo's RDSC rule as written in the paper: <c>θ* = θ_l + Σ_k (θ_k − θ_l)</c> over the absorbed layers k, with the
    /// original θ_l (or the explicit <see cref="LayerRecipe.CollapseCoefficients"/> when merges were nested).
    /// </summary>
    Rdsc,

    /// <summary>
    /// The reference notebook's behaviour: its in-place loop leaves the attention and MLP weights of the last absorbed
    /// layer (θ of the highest absorbed source layer); the norms of the receiving layer are kept.
    /// </summary>
    Notebook,
}

namespace GPTailor;

/// <summary>How the tensors of a layer (or of the embeddings / head) are formed from their member models.</summary>
public enum MergeMethod
{
    /// <summary>One member's tensors are used unchanged (no copy).</summary>
    Passthrough,

    /// <summary>Task arithmetic <c>W = B + λ·Σ_j (C_j − B)</c> against the base model's anchor tensors.</summary>
    TaskArithmetic,

    /// <summary>Weighted average <c>W = Σ_j w_j·C_j / Σ_j w_j</c>.</summary>
    Linear,

    /// <summary>Spherical interpolation of exactly two members with factor t.</summary>
    Slerp,
}

namespace GPTailor.Models;

/// <summary>Per-layer importance metrics (lower = less important).</summary>
public enum ImportanceMetric
{
    /// <summary>ShortGPT block influence <c>BI_i = Σ_tokens (1 − cos(X_i, X_{i+1}))</c> (name <c>bi</c>).</summary>
    BlockInfluence,

    /// <summary>Gromov et al. angular distance of a block of n layers, <c>arccos(cos(X_l, X_{l+n}))/π</c> averaged over tokens (name <c>angular</c>).</summary>
    Angular,

    /// <summary>Relative magnitude <c>‖f(x)‖ / ‖x + f(x)‖</c> of the layer's residual update, averaged over tokens (name <c>relmag</c>).</summary>
    RelativeMagnitude,
}

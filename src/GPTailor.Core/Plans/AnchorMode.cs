namespace GPTailor;

/// <summary>Which base layer is the anchor B of task arithmetic for a merged output layer.</summary>
public enum AnchorMode
{
    /// <summary>The base layer at the source index L (the paper's intent; default).</summary>
    SourceLayer,

    /// <summary>
    /// The base layer at the output index (the reference code's quirk, paper-digest §2.3): reproduces the released
    /// configurations bit for bit.
    /// </summary>
    OutputIndex,
}

namespace GPTailor.Search;

/// <summary>Settings of the <see cref="RegressionForest"/> surrogate (SMAC 2.2's HPO-facade defaults).</summary>
internal sealed record ForestSettings
{
    /// <summary>Trees in the forest; SMAC: 10.</summary>
    public int Trees { get; init; } = 10;

    /// <summary>Each tree is grown on a bootstrap sample (n draws with replacement); SMAC: true.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Share of the features tried at each split (at least one, drawn without replacement); SMAC's HPO facade: 1.0.</summary>
    public double FeatureRatio { get; init; } = 1.0;

    /// <summary>A node with fewer samples is a leaf; SMAC: 2.</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Smallest number of samples on each side of a split; SMAC: 1.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Deepest node level (the root is level 0); SMAC: 2^20.</summary>
    public int MaxDepth { get; init; } = 1 << 20;
}

namespace GPTailor.Models;

/// <summary>Settings of <see cref="PlanStitcher"/>.</summary>
public sealed class StitcherOptions
{
    /// <summary>Compute dtype of the stitched models: <c>float32</c> or <c>bfloat16</c>.</summary>
    public string ComputeDType { get; set; } = "float32";

    /// <summary>Device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// Memory budget in bytes for loaded and merged tensors kept between trials. Tensors in use by a live model are
    /// never evicted, so the budget can be exceeded by the model being evaluated.
    /// </summary>
    public long CacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}

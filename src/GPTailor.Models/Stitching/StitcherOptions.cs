namespace GPTailor.Models;

/// <summary>Settings of <see cref="PlanStitcher"/>.</summary>
public sealed class StitcherOptions
{
    /// <summary>Compute dtype of the stitched models (Float16 only on CUDA).</summary>
    public ComputeDType ComputeDType { get; set; } = ComputeDType.Float32;

    /// <summary>Device (checked to exist; resolve a CUDA fallback first with <see cref="ComputeDevice.Resolve(out string?)"/>).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

    /// <summary>
    /// Memory budget in bytes for loaded and merged tensors kept between trials. Tensors in use by a live model are
    /// never evicted, so the budget can be exceeded by the model being evaluated. Over budget, the groups fewest plans
    /// used, cheapest to rebuild per byte and least recently used go first (GreedyDual-Size-Frequency); a search whose
    /// plans share most layers with earlier plans (an elitist search's offspring) reuses them only if the budget holds
    /// about one stitched model's tensors or more.
    /// </summary>
    public long CacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}

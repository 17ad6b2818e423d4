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

    /// <summary>
    /// Memory budget in bytes, on <see cref="Device"/>, of the members' checkpoint tensors kept there; 0 (the default)
    /// switches it off. When positive, every tensor group but LaCo's collapsed layers is built on the device from the
    /// members' tensors, each copied there once in its stored dtype and kept within this budget (over it, evicted like
    /// <see cref="CacheBytes"/>): a passthrough is converted there, and task-arithmetic, linear and slerp merges are
    /// computed there with <see cref="WeightMerger"/>, instead of being read or streamed from the files by the CPU and
    /// copied to the device. Meant for a GPU, where a merge then reads GPU memory instead of the host's and nothing merged
    /// crosses the bus; on the CPU the streamed merge is faster (one fused pass, no full-size temporaries). The merged
    /// values are the same float32 operations in the same order either way (on the CPU the stitched tensors are
    /// bit-identical; a GPU's kernels may round differently in the last bit).
    /// </summary>
    public long SourceCacheBytes { get; set; }
}

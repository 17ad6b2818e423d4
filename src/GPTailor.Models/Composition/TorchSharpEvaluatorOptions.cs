using System.ComponentModel.DataAnnotations;

namespace GPTailor.Models;

/// <summary>Settings of <see cref="TorchSharpEvaluatorFactory"/>, configured through <see cref="ModelsBuilderExtensions.AddTorchSharpModels"/>.</summary>
public sealed class TorchSharpEvaluatorOptions
{
    /// <summary>Device for evaluation; CUDA falls back to the CPU with a logged warning when it is not available.</summary>
    [Required]
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

    /// <summary>Compute dtype of the stitched models.</summary>
    [Required]
    public ComputeDType ComputeDType { get; set; } = ComputeDType.Float32;

    /// <summary>Evaluation batch size (sequences per forward).</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Maximum sequence length; longer inputs are truncated.</summary>
    [Range(1, 1_048_576)]
    public int MaxLength { get; set; } = 2048;

    /// <summary>Memory budget in bytes of the merged-layer cache.</summary>
    [Range(0, long.MaxValue)]
    public long MergeCacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Memory budget in bytes of the prefix-activation cache (<see cref="PrefixActivationCache"/>): hidden states after
    /// the first layers of each scoring batch, kept on the compute device so that a trial sharing a prefix with an
    /// earlier one skips those layers. Scores are bit-identical with and without it. 0 switches it off.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long PrefixCacheBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>
    /// Memory budget in bytes of the prefix cache's spill tier: on a CUDA device, hidden states evicted from
    /// <see cref="PrefixCacheBytes"/> (GPU memory) move to pinned CPU memory within this budget and are copied back to the
    /// GPU when a later trial resumes from them (scores stay bit-identical). 0 (the default) switches it off; on the CPU
    /// device it has no effect, since the entries are in CPU memory already.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long PrefixCacheSpillBytes { get; set; }

    /// <summary>
    /// Memory budget in bytes, on <see cref="Device"/>, of the members' tensors kept there so that merges run on the
    /// device (<see cref="StitcherOptions.SourceCacheBytes"/>); 0 (the default) merges on the CPU. Meant for CUDA, where a
    /// merge then reads GPU memory instead of the host's and copies nothing merged across the bus; a budget that holds
    /// the members' layers a search merges (at most the family's size in its stored dtype) copies each tensor once.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long SourceCacheBytes { get; set; }
}

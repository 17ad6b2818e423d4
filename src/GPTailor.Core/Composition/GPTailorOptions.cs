using System.ComponentModel.DataAnnotations;

namespace GPTailor;

/// <summary>Global settings of GPTailor, bound through <c>IOptions&lt;GPTailorOptions&gt;</c>.</summary>
public sealed class GPTailorOptions
{
    /// <summary>TorchSharp device for evaluation: <c>cpu</c> or <c>cuda</c> (or <c>cuda:N</c>).</summary>
    [Required]
    public string Device { get; set; } = "cpu";

    /// <summary>Compute dtype: <c>float32</c> or <c>bfloat16</c>.</summary>
    [Required]
    public string ComputeDType { get; set; } = "float32";

    /// <summary>Evaluation batch size (sequences per forward).</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Maximum sequence length; longer inputs are truncated.</summary>
    [Range(1, 1_048_576)]
    public int MaxLength { get; set; } = 2048;

    /// <summary>Memory budget in bytes of the merged-layer cache.</summary>
    [Range(0, long.MaxValue)]
    public long MergeCacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Cache evaluator results by plan hash and budget.</summary>
    public bool CacheEvaluations { get; set; } = true;

    /// <summary>The optimizer used by default (a key registered with <c>GPTailorBuilder.AddOptimizer</c>).</summary>
    public string Optimizer { get; set; } = "cmaes";
}

namespace GPTailor.Models;

/// <summary>
/// How to load a model. Prefer Float32 on CPUs without native bfloat16 kernels (no avx512_bf16/AMX): there, libtorch's
/// bfloat16 matmuls run one to two orders of magnitude slower than float32 (measured by the forward benchmark).
/// </summary>
/// <param name="ComputeDType">Float32 or BFloat16 (Float16 only on CUDA: CPU float16 matmuls are extremely slow).
/// Stored tensors of other floating types are converted on load.</param>
/// <param name="Device">The device (checked to exist; no fallback).</param>
public sealed record ModelLoadOptions(ComputeDType ComputeDType, ComputeDevice Device)
{
    /// <summary>Float32 on the CPU.</summary>
    public ModelLoadOptions()
        : this(ComputeDType.Float32, ComputeDevice.Cpu)
    {
    }

    /// <summary>The dtype on the CPU.</summary>
    /// <param name="computeDType">The compute dtype.</param>
    public ModelLoadOptions(ComputeDType computeDType)
        : this(computeDType, ComputeDevice.Cpu)
    {
    }

    /// <summary>Float32 on the CPU.</summary>
    public static ModelLoadOptions Default { get; } = new();
}

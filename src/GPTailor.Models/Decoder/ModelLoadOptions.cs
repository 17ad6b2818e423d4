using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// How to load a model. Prefer Float32 on CPUs without native bfloat16 kernels (no avx512_bf16/AMX): there, libtorch's
/// bfloat16 matmuls run one to two orders of magnitude slower than float32 (measured by the forward benchmark).
/// </summary>
/// <param name="ComputeDType">Float32 or BFloat16 (Float16 only on CUDA: CPU float16 matmuls are extremely slow).
/// Stored tensors of other floating types are converted on load.</param>
/// <param name="Device">A TorchSharp device string: <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>.</param>
public sealed record ModelLoadOptions(torch.ScalarType ComputeDType = torch.ScalarType.Float32, string Device = "cpu")
{
    /// <summary>Float32 on the CPU.</summary>
    public static ModelLoadOptions Default { get; } = new();
}

namespace GPTailor.Models;

/// <summary>A tensor's header entry.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">The safetensors dtype tag (<c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>I64</c>, ...).</param>
/// <param name="Shape">The shape.</param>
/// <param name="File">The file holding the data.</param>
/// <param name="Offset">Absolute byte offset of the data in <paramref name="File"/>.</param>
/// <param name="ByteLength">Length of the data in bytes.</param>
public sealed record TensorInfo(string Name, string DType, IReadOnlyList<long> Shape, string File, long Offset, long ByteLength)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

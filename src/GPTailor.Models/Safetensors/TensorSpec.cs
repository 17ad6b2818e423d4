using TorchSharp;

namespace GPTailor.Models;

/// <summary>The name, dtype and shape of a tensor to be written, known before its data is produced.</summary>
/// <param name="Name">Tensor name (non-empty, not <c>__metadata__</c>).</param>
/// <param name="DType">Scalar type; must have a safetensors tag (see <see cref="SafetensorsDTypes"/>).</param>
/// <param name="Shape">Shape (empty for a 0-d scalar).</param>
public sealed record TensorSpec(string Name, torch.ScalarType DType, IReadOnlyList<long> Shape)
{
    /// <summary>Bytes the tensor's data takes in the file.</summary>
    /// <exception cref="OverflowException">The size does not fit in 64 bits.</exception>
    public long ByteLength => checked(Shape.Aggregate(1L, (a, b) => checked(a * b)) * SafetensorsDTypes.SizeOf(DType));

    /// <summary>The spec of an existing tensor.</summary>
    public static TensorSpec Of(string name, torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new TensorSpec(name, tensor.dtype, tensor.shape);
    }
}

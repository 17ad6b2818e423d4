using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Read access to the tensors of one model checkpoint (a single safetensors file or a sharded set with
/// <c>model.safetensors.index.json</c>). Headers are parsed and validated when the checkpoint is opened;
/// tensor data is read lazily, one tensor at a time, from memory-mapped files.
/// </summary>
public interface ICheckpoint : IDisposable
{
    /// <summary>The directory or file the checkpoint was opened from.</summary>
    string Source { get; }

    /// <summary>Every tensor name, in a stable order.</summary>
    IReadOnlyList<string> TensorNames { get; }

    /// <summary>True when the checkpoint holds a tensor of this name.</summary>
    bool Contains(string name);

    /// <summary>Dtype, shape and location of a tensor, from the header only.</summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name.</exception>
    TensorInfo GetInfo(string name);

    /// <summary>
    /// Reads a tensor into a new TorchSharp tensor, converted to <paramref name="dtype"/> (default: the stored dtype)
    /// and placed on <paramref name="device"/> (default: CPU). The caller owns the returned tensor.
    /// </summary>
    torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null, torch.Device? device = null);
}

using TorchSharp;

namespace GPTailor.Models;

/// <summary>Tensors owned together by one cache entry: a whole decoder layer, or a single tensor.</summary>
internal sealed class TensorGroup(IReadOnlyDictionary<TensorRole, torch.Tensor> tensors) : IDisposable
{
    public IReadOnlyDictionary<TensorRole, torch.Tensor> Tensors { get; } = tensors;

    public long Bytes { get; } = tensors.Values.Sum(t => t.NumberOfElements * t.ElementSize);

    public torch.Tensor Single => Tensors.Values.Single();

    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }
}

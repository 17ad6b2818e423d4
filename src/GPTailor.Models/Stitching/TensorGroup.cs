using TorchSharp;

namespace GPTailor.Models;

/// <summary>Tensors owned together by one cache entry: a whole decoder layer, or a single tensor.</summary>
internal sealed class TensorGroup(IReadOnlyDictionary<TensorRole, torch.Tensor> tensors) : IDisposable
{
    /// <summary>The tensors, detached from any dispose scope: a cached group outlives the scope it was built in (a layer
    /// built when a forward first runs it is built inside that forward's scope).</summary>
    public IReadOnlyDictionary<TensorRole, torch.Tensor> Tensors { get; } = Detached(tensors);

    public long Bytes { get; } = tensors.Values.Sum(t => t.NumberOfElements * t.ElementSize);

    public torch.Tensor Single => Tensors.Values.Single();

    private static IReadOnlyDictionary<TensorRole, torch.Tensor> Detached(IReadOnlyDictionary<TensorRole, torch.Tensor> tensors)
    {
        foreach (var t in tensors.Values)
        {
            t.DetachFromDisposeScope();
        }

        return tensors;
    }

    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }
}

using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Accumulates Gromov et al.'s <c>d(l, n) = arccos(cos(X_l, X_{l+n})) / π</c> summed over tokens for every block start
/// l = 0..N − n, holding at most n + 1 states of the current batch (aliases, released at the end of the batch).
/// </summary>
internal sealed class AngularDistanceObserver(int layerCount, int blockSize, bool lastAfterFinalNorm) : IHiddenStateObserver
{
    private readonly Queue<(int Index, torch.Tensor State)> _states = new();

    public double[] Sums { get; } = new double[layerCount - blockSize + 1];

    public void Observe(LayerObservation o)
    {
        Add(o.Layer, o.Input, o.TokenMask);
        if (o.Layer == layerCount - 1)
        {
            Add(layerCount, lastAfterFinalNorm && o.NormedOutput is not null ? o.NormedOutput : o.Output, o.TokenMask);
        }
    }

    public void EndBatch()
    {
        while (_states.Count > 0)
        {
            _states.Dequeue().State.Dispose();
        }
    }

    private void Add(int index, torch.Tensor state, torch.Tensor mask)
    {
        _states.Enqueue((index, state.alias().DetachFromDisposeScope()));
        while (_states.Count > blockSize + 1)
        {
            _states.Dequeue().State.Dispose();
        }

        var (first, firstState) = _states.Peek();
        if (index - first == blockSize)
        {
            using var scope = torch.NewDisposeScope();
            var cos = TokenStatistics.Cosine(firstState, state).clamp(-1.0, 1.0);
            Sums[first] += TokenStatistics.MaskedSum(cos.arccos() / Math.PI, mask);
        }
    }
}

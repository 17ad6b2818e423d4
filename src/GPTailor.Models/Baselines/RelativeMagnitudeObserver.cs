using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Accumulates <c>‖f(x)‖ / ‖x + f(x)‖</c> per token, f(x) = output − input, using the layer's raw output (also for the
/// last layer, never the final-normed state). A token with both norms zero counts 0.
/// </summary>
internal sealed class RelativeMagnitudeObserver(int layerCount) : IHiddenStateObserver
{
    public double[] Sums { get; } = new double[layerCount];

    public void Observe(LayerObservation o)
    {
        using var scope = torch.NewDisposeScope();
        var x = o.Input.to(torch.ScalarType.Float32);
        var y = o.Output.to(torch.ScalarType.Float32);
        var ratio = (y - x).norm(-1) / y.norm(-1);
        Sums[o.Layer] += TokenStatistics.MaskedSum(torch.where(ratio.isnan(), torch.zeros_like(ratio), ratio), o.TokenMask);
    }

    public void EndBatch()
    {
    }
}

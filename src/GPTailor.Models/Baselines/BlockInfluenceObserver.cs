namespace GPTailor.Models;

/// <summary>Accumulates <c>BI_i = Σ_tokens (1 − cos(X_i, X_{i+1}))</c> (X_N after the final norm when configured).</summary>
internal sealed class BlockInfluenceObserver(int layerCount, bool lastAfterFinalNorm) : IHiddenStateObserver
{
    public double[] Sums { get; } = new double[layerCount];

    public void Observe(LayerObservation o)
    {
        var next = lastAfterFinalNorm && o.NormedOutput is not null ? o.NormedOutput : o.Output;
        using var cos = TokenStatistics.Cosine(o.Input, next);
        using var influence = 1 - cos;
        Sums[o.Layer] += TokenStatistics.MaskedSum(influence, o.TokenMask);
    }

    public void EndBatch()
    {
    }
}

namespace GPTailor.Models;

/// <summary>Total negative log-likelihood over a set of sequences.</summary>
/// <param name="TotalNll">Σ over sequences of Σ_{i ≥ 1} −ln p(t_i | t_&lt;i), in nats.</param>
/// <param name="TokenCount">Number of predicted tokens (Σ (length − 1) after truncation).</param>
public sealed record SequenceScore(double TotalNll, long TokenCount)
{
    /// <summary>Mean NLL per predicted token (NaN when no token was predicted).</summary>
    public double MeanNll => TokenCount == 0 ? double.NaN : TotalNll / TokenCount;

    /// <summary>exp(<see cref="MeanNll"/>).</summary>
    public double Perplexity => Math.Exp(MeanNll);
}

namespace GPTailor.Models;

/// <summary>Accumulates statistics of hidden states, batch by batch, for <see cref="HiddenStateProbe"/>.</summary>
public interface IHiddenStateObserver
{
    /// <summary>Called for each layer of each batch, in layer order.</summary>
    /// <param name="observation">The layer's input, output and token mask.</param>
    void Observe(LayerObservation observation);

    /// <summary>Called after the last layer of each batch.</summary>
    void EndBatch();
}

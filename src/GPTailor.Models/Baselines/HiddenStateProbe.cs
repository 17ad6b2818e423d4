using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Runs calibration sequences through a model layer by layer (embeddings → each decoder layer → final norm) and shows
/// every layer's input and output to observers, which accumulate per-batch statistics: no hidden state outlives its
/// batch. Sequences are truncated to <see cref="BaselineOptions.MaxLength"/>, sorted by length, batched and right-padded
/// with <see cref="BaselineOptions.PadTokenId"/> (plain causal attention is exact for every real token); the token mask
/// excludes padding unless <see cref="BaselineOptions.IncludePadding"/>. Cancellation is checked between batches.
/// </summary>
/// <param name="model">The model (not owned).</param>
/// <param name="options">Batching, truncation and padding (defaults when null); validated here.</param>
public sealed class HiddenStateProbe(CausalLanguageModel model, BaselineOptions? options = null)
{
    private readonly CausalLanguageModel _model = model ?? throw new ArgumentNullException(nameof(model));
    private readonly BaselineOptions _options = Validated(options ?? new BaselineOptions());

    /// <summary>Runs every sequence; returns the number of positions counted (the token mask's total).</summary>
    /// <param name="sequences">Token id sequences; empty ones are skipped.</param>
    /// <param name="observers">Receive every layer of every batch.</param>
    /// <param name="progress">Optional: sequences processed so far, after each batch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">No sequence holds a token, or a token id is outside the vocabulary.</exception>
    public long Run(IReadOnlyList<int[]> sequences, IReadOnlyList<IHiddenStateObserver> observers, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(observers);
        var truncated = sequences.Select((s, i) => (s ?? throw new ArgumentException($"Sequence {i} is null.", nameof(sequences))).Length > _options.MaxLength ? s[.._options.MaxLength] : s).ToArray();
        var order = Enumerable.Range(0, truncated.Length).Where(i => truncated[i].Length > 0).OrderByDescending(i => truncated[i].Length).ToArray();
        if (order.Length == 0)
        {
            throw new ArgumentException("The calibration data holds no tokens.", nameof(sequences));
        }

        if (_options.PadTokenId >= _model.Config.VocabSize)
        {
            throw new ArgumentException($"Pad token id {_options.PadTokenId} is outside the vocabulary [0, {_model.Config.VocabSize}).");
        }

        using var rope = new RotaryEmbedding(_model.Config, _model.Device);
        long counted = 0;
        int done = 0;
        for (int start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(_options.BatchSize).Select(i => truncated[i]).ToArray();
            counted += RunBatch(batch, rope, observers);
            done += batch.Length;
            progress?.Report(done);
        }

        return counted;
    }

    private long RunBatch(int[][] batch, RotaryEmbedding rope, IReadOnlyList<IHiddenStateObserver> observers)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        int length = batch.Max(s => s.Length);
        if (_model.Config.SlidingWindow is { } window && length > window)
        {
            throw new UnsupportedModelException($"Sequence length {length} exceeds the sliding window ({window}); sliding-window attention is not implemented.");
        }

        var ids = new long[batch.Length * length];
        var valid = new bool[batch.Length * length];
        for (int b = 0; b < batch.Length; b++)
        {
            for (int t = 0; t < length; t++)
            {
                bool real = t < batch[b].Length;
                ids[(b * length) + t] = real ? batch[b][t] : _options.PadTokenId;
                valid[(b * length) + t] = real || _options.IncludePadding;
            }
        }

        var device = _model.Device;
        var input = InputValidation.Ids(torch.tensor(ids, [batch.Length, length], dtype: torch.ScalarType.Int64), _model.Config.VocabSize, device);
        var mask = torch.tensor(valid, [batch.Length, length]).to(device);
        var (positions, _) = InputValidation.PositionsAndMask(null, batch.Length, length, device);
        var (cos, sin) = rope.ForPositions(positions, _model.DType);
        var hidden = _model.Embeddings.index_select(0, input.reshape(-1)).view(batch.Length, length, _model.Config.HiddenSize);
        var layers = _model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var output = layers[i].Forward(hidden, cos, sin, null);
            var normed = i == layers.Count - 1 ? RmsNorm.Apply(output, _model.FinalNorm, _model.Config.RmsNormEps) : null;
            foreach (var observer in observers)
            {
                observer.Observe(new LayerObservation(i, hidden, output, normed, mask));
            }

            hidden.Dispose();
            hidden = output;
        }

        foreach (var observer in observers)
        {
            observer.EndBatch();
        }

        return valid.LongCount(v => v);
    }

    private static BaselineOptions Validated(BaselineOptions options)
    {
        options.Validate();
        return options;
    }
}

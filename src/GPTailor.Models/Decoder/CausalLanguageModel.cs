using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Models;

/// <summary>
/// A Llama-family causal language model assembled from externally supplied tensors: an embedding matrix, any list of
/// <see cref="DecoderLayer"/>s (possibly from different checkpoints), a final norm and an optional untied head (null =
/// tied: the head is <c>F.linear</c> with the embedding matrix, no duplicate tensor). Inference runs without
/// gradients; <see cref="ForwardTrainable"/> is the one autograd-enabled path (used to train the default family).
/// The model owns no tensors unless an <c>owner</c> is passed, which it then disposes with itself.
/// </summary>
public sealed class CausalLanguageModel : IDisposable
{
    private readonly RotaryEmbedding _rope;
    private readonly IDisposable? _owner;
    private readonly LayerList _layers;
    private bool _disposed;

    /// <summary>Assembles a model.</summary>
    /// <param name="config">Configuration (dimensions, RoPE, norm epsilon); its layer count may differ from <paramref name="layers"/>.</param>
    /// <param name="embeddings">Token embeddings [vocab, hidden].</param>
    /// <param name="layers">The decoder layers, in order.</param>
    /// <param name="finalNorm">Final RMSNorm weight [hidden].</param>
    /// <param name="languageModelHead">Untied head [vocab, hidden], or null to tie it to <paramref name="embeddings"/>.</param>
    /// <param name="owner">Optional owner of the tensors, disposed with the model.</param>
    /// <exception cref="ArgumentException">Shapes, dtypes or devices disagree.</exception>
    public CausalLanguageModel(
        HfModelConfig config,
        torch.Tensor embeddings,
        IReadOnlyList<DecoderLayer> layers,
        torch.Tensor finalNorm,
        torch.Tensor? languageModelHead,
        IDisposable? owner = null)
        : this(config, embeddings, layers, null, finalNorm, languageModelHead, owner)
    {
    }

    /// <summary>
    /// Assembles a model whose decoder layers are created on first use: a forward that resumes from a prefix cache past
    /// layer i never creates layers 0..i (see <see cref="PlanStitcher"/>). Enumerating <see cref="Layers"/> creates them all.
    /// </summary>
    /// <param name="config">Configuration.</param>
    /// <param name="embeddings">Token embeddings [vocab, hidden].</param>
    /// <param name="layers">Per layer, the layer itself or null to create it with <paramref name="createLayer"/> when first used.</param>
    /// <param name="createLayer">Creates layer i.</param>
    /// <param name="finalNorm">Final RMSNorm weight [hidden].</param>
    /// <param name="languageModelHead">Untied head, or null when tied.</param>
    internal CausalLanguageModel(
        HfModelConfig config,
        torch.Tensor embeddings,
        IReadOnlyList<DecoderLayer?> layers,
        Func<int, DecoderLayer> createLayer,
        torch.Tensor finalNorm,
        torch.Tensor? languageModelHead)
        : this(config, embeddings, layers, createLayer, finalNorm, languageModelHead, null)
    {
    }

    private CausalLanguageModel(
        HfModelConfig config,
        torch.Tensor embeddings,
        IReadOnlyList<DecoderLayer?> layers,
        Func<int, DecoderLayer>? createLayer,
        torch.Tensor finalNorm,
        torch.Tensor? languageModelHead,
        IDisposable? owner)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(finalNorm);
        LayerShapeCheck.Check(embeddings, nameof(embeddings), config.VocabSize, config.HiddenSize);
        LayerShapeCheck.Check(finalNorm, nameof(finalNorm), config.HiddenSize);
        if (languageModelHead is not null)
        {
            LayerShapeCheck.Check(languageModelHead, nameof(languageModelHead), config.VocabSize, config.HiddenSize);
        }

        Config = config;
        Embeddings = embeddings;
        FinalNorm = finalNorm;
        LanguageModelHead = languageModelHead;
        DType = embeddings.dtype;
        Device = embeddings.device;
        CheckCompatible();
        var known = layers.ToArray();
        for (int i = 0; i < known.Length; i++)
        {
            if (known[i] is { } layer)
            {
                CheckLayer(layer, i);
            }
            else if (createLayer is null)
            {
                throw new ArgumentException($"Layer {i} is null.", nameof(layers));
            }
        }

        _layers = new LayerList(known, createLayer, CheckLayer);
        _rope = new RotaryEmbedding(config, Device);
        _owner = owner;
    }

    /// <summary>The configuration.</summary>
    public HfModelConfig Config { get; }

    /// <summary>Token embeddings [vocab, hidden].</summary>
    public torch.Tensor Embeddings { get; }

    /// <summary>The decoder layers, in order (a model stitched for a search may create a layer when it is first read).</summary>
    public IReadOnlyList<DecoderLayer> Layers => _layers;

    /// <summary>Final RMSNorm weight.</summary>
    public torch.Tensor FinalNorm { get; }

    /// <summary>The untied head, or null when tied to <see cref="Embeddings"/>.</summary>
    public torch.Tensor? LanguageModelHead { get; }

    /// <summary>The compute dtype (the weights' dtype).</summary>
    public torch.ScalarType DType { get; }

    /// <summary>The device of the weights.</summary>
    public torch.Device Device { get; }

    /// <summary>
    /// Full forward pass: logits [B, T, vocab] in float32. <paramref name="attentionMask"/> [B, T] (1 = token, 0 = padding)
    /// may be null (no padding). Right padding is handled with plain causal attention and positions 0..T−1 (exact for
    /// every real token); any other padding (e.g. left) uses positions <c>cumsum(mask) − 1</c> and an explicit mask, as
    /// Hugging Face does. Logits at padded positions are unspecified.
    /// </summary>
    /// <param name="inputIds">Token ids [B, T], int64 (other integer types are converted).</param>
    /// <param name="attentionMask">Optional padding mask [B, T].</param>
    public torch.Tensor Forward(torch.Tensor inputIds, torch.Tensor? attentionMask = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return ComputeLogits(ComputeHidden(inputIds, attentionMask, null, null)).MoveToOuterDisposeScope();
    }

    /// <summary>The final-normed hidden states [B, T, hidden] in the compute dtype (see <see cref="Forward"/> for the mask).</summary>
    /// <param name="inputIds">Token ids [B, T].</param>
    /// <param name="attentionMask">Optional padding mask [B, T].</param>
    public torch.Tensor ForwardHidden(torch.Tensor inputIds, torch.Tensor? attentionMask = null)
    {
        using var noGrad = torch.no_grad();
        return ComputeHidden(inputIds, attentionMask, null, null);
    }

    /// <summary>
    /// <see cref="ForwardHidden(torch.Tensor, torch.Tensor?)"/> without a mask, resuming from (and feeding) a prefix
    /// cache when <paramref name="prefix"/> is given.
    /// </summary>
    internal torch.Tensor ForwardHidden(torch.Tensor inputIds, PrefixBatch? prefix)
    {
        using var noGrad = torch.no_grad();
        return ComputeHidden(inputIds, null, null, prefix);
    }

    /// <summary>
    /// The final-normed hidden states [B, T, hidden] of packed rows with explicit RoPE positions and attention mask, e.g.
    /// several continuations that share one context, each attending to the context and to itself (see
    /// <see cref="SequenceScorer.ScoreChoiceGroups"/>). The hidden state at a position depends only on the
    /// tokens it may attend to and on their positions, exactly as in an unpacked forward pass.
    /// </summary>
    /// <param name="inputIds">Token ids [B, T].</param>
    /// <param name="positions">RoPE positions [B, T], integers ≥ 0.</param>
    /// <param name="attentionMask">Boolean mask [B, 1, T, T] (true = query row may attend to key column); every position must
    /// be allowed to attend to itself.</param>
    /// <exception cref="ArgumentException">Shapes or dtypes are wrong, a position is negative, or a row of the mask is empty.</exception>
    public torch.Tensor ForwardHidden(torch.Tensor inputIds, torch.Tensor positions, torch.Tensor attentionMask) =>
        ForwardHidden(inputIds, positions, attentionMask, null);

    /// <summary>
    /// <see cref="ForwardHidden(torch.Tensor, torch.Tensor, torch.Tensor)"/>, resuming from (and feeding) a prefix cache
    /// when <paramref name="prefix"/> is given.
    /// </summary>
    internal torch.Tensor ForwardHidden(torch.Tensor inputIds, torch.Tensor positions, torch.Tensor attentionMask, PrefixBatch? prefix)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(attentionMask);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (p, m) = InputValidation.ExplicitLayout(inputIds, positions, attentionMask, Device);
        return ComputeHidden(inputIds, null, (p, m), prefix).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Training forward pass: the same computation as <see cref="Forward"/> (no padding mask; right padding is exact for
    /// every real token) but with autograd enabled, so gradients flow to any weight tensor that requires them. Logits
    /// [B, T, vocab] are in the compute dtype. Inference paths are unaffected.
    /// </summary>
    /// <param name="inputIds">Token ids [B, T].</param>
    public torch.Tensor ForwardTrainable(torch.Tensor inputIds)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = ComputeHidden(inputIds, null, null, null);
        return F.linear(hidden, LanguageModelHead ?? Embeddings).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The final-normed hidden states. With a <paramref name="prefix"/>, the layer loop starts after the deepest cached
    /// prefix of the batch (the cached tensor is the very output of that layer in an earlier forward of the same
    /// batch, so the result is bit-identical) and offers the output of every layer it runs to the cache.
    /// </summary>
    private torch.Tensor ComputeHidden(torch.Tensor inputIds, torch.Tensor? attentionMask, (torch.Tensor Positions, torch.Tensor Mask)? layout, PrefixBatch? prefix)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputIds);
        using var scope = torch.NewDisposeScope();
        var ids = InputValidation.Ids(inputIds, Config.VocabSize, Device);
        long batch = ids.shape[0], length = ids.shape[1];
        if (Config.SlidingWindow is { } window && length > window)
        {
            throw new UnsupportedModelException($"Sequence length {length} exceeds the sliding window ({window}); sliding-window attention is not implemented, and full attention would differ beyond the window.");
        }

        var (positions, mask) = layout is { } explicitLayout
            ? (explicitLayout.Positions, explicitLayout.Mask)
            : InputValidation.PositionsAndMask(attentionMask, batch, length, Device);
        var (cos, sin) = _rope.ForPositions(positions, DType);
        if (prefix is not null && prefix.Depth != Layers.Count)
        {
            throw new ArgumentException($"The prefix keys name {prefix.Depth} layers; the model has {Layers.Count}.", nameof(prefix));
        }

        var cached = prefix?.Resume();
        int start = prefix?.ResumedDepth ?? 0;
        if (cached is not null && (cached.shape[0] != batch || cached.shape[1] != length))
        {
            throw new InvalidOperationException($"A cached prefix of shape [{string.Join(", ", cached.shape)}] does not fit a batch of [{batch}, {length}]: the batch key is not unique.");
        }

        var hidden = cached ?? Embeddings.index_select(0, ids.reshape(-1)).view(batch, length, Config.HiddenSize);
        for (int i = start; i < Layers.Count; i++)
        {
            var next = Layers[i].Forward(hidden, cos, sin, mask);
            hidden.Dispose();
            hidden = next;
            prefix?.Store(i + 1, hidden);
        }

        return RmsNorm.Apply(hidden, FinalNorm, Config.RmsNormEps).MoveToOuterDisposeScope();
    }

    /// <summary>Applies the head to hidden states [..., hidden] and returns float32 logits [..., vocab].</summary>
    /// <param name="hidden">Final-normed hidden states in the compute dtype.</param>
    public torch.Tensor ComputeLogits(torch.Tensor hidden)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(hidden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = F.linear(hidden, LanguageModelHead ?? Embeddings);
        return (logits.dtype == torch.ScalarType.Float32 ? logits : logits.to(torch.ScalarType.Float32)).MoveToOuterDisposeScope();
    }

    /// <summary>Releases the RoPE table and, when an owner was given, the weights.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rope.Dispose();
        _owner?.Dispose();
    }

    private void CheckCompatible()
    {
        foreach (var t in new[] { FinalNorm, LanguageModelHead }.Where(t => t is not null))
        {
            if (t!.dtype != DType || t.device.type != Device.type)
            {
                throw new ArgumentException($"Embeddings are {DType} on {Device}, but another tensor is {t.dtype} on {t.device}.");
            }
        }
    }

    private void CheckLayer(DecoderLayer layer, int i)
    {
        var c = layer.Config;
        bool same = c.HiddenSize == Config.HiddenSize && c.IntermediateSize == Config.IntermediateSize
            && c.NumAttentionHeads == Config.NumAttentionHeads && c.NumKeyValueHeads == Config.NumKeyValueHeads
            && c.HeadDim == Config.HeadDim;
        if (!same)
        {
            throw new ArgumentException($"Layer {i} was built for different dimensions than the model configuration.", nameof(Layers));
        }

        var w = layer.Weights.QueryWeight;
        if (w.dtype != DType || w.device.type != Device.type || w.device.index != Device.index)
        {
            throw new ArgumentException($"Layer {i} is {w.dtype} on {w.device}; the model computes in {DType} on {Device}.", nameof(Layers));
        }
    }

    /// <summary>The layers, each created on first read when the model was assembled with a factory.</summary>
    private sealed class LayerList(DecoderLayer?[] layers, Func<int, DecoderLayer>? create, Action<DecoderLayer, int> check) : IReadOnlyList<DecoderLayer>
    {
        private readonly Lock _gate = new();

        public int Count => layers.Length;

        public DecoderLayer this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, layers.Length);
                lock (_gate)
                {
                    if (layers[index] is null)
                    {
                        var layer = create!(index);
                        check(layer, index);
                        layers[index] = layer;
                    }

                    return layers[index]!;
                }
            }
        }

        public IEnumerator<DecoderLayer> GetEnumerator()
        {
            for (int i = 0; i < layers.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

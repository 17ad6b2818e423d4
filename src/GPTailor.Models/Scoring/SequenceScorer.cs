using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Scores token sequences with a <see cref="CausalLanguageModel"/>: batched forward passes with right padding (exact
/// for every real token, see <see cref="CausalLanguageModel.Forward"/>), the head and float32 log-softmax applied only
/// at the positions that are scored, sums accumulated in double. Cancellation is honoured between batches.
/// </summary>
public sealed class SequenceScorer
{
    private readonly CausalLanguageModel _model;
    private readonly PrefixActivationCache? _prefixCache;
    private readonly IReadOnlyList<string>? _prefixKeys;
    private long _layerForwardsRun;
    private long _layerForwardsSaved;

    /// <summary>Creates a scorer (the model is not owned).</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Batching and truncation (defaults when null).</param>
    public SequenceScorer(CausalLanguageModel model, ScoringOptions? options = null)
        : this(model, options, null, null)
    {
    }

    /// <summary>
    /// Creates a scorer whose forward passes resume from, and feed, <paramref name="prefixCache"/> (when not null);
    /// <paramref name="prefixKeys"/> are the model's prefix keys (<see cref="StitchedModel.PrefixKeys"/>).
    /// </summary>
    internal SequenceScorer(CausalLanguageModel model, ScoringOptions? options, PrefixActivationCache? prefixCache, IReadOnlyList<string>? prefixKeys)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new ScoringOptions();
        Options.Validate();
        _model = model;
        if (prefixCache is not null)
        {
            ArgumentNullException.ThrowIfNull(prefixKeys);
            _prefixCache = prefixCache;
            _prefixKeys = prefixKeys;
        }
    }

    /// <summary>The options in use.</summary>
    public ScoringOptions Options { get; }

    /// <summary>Decoder-layer forwards this scorer ran (one per layer per batch).</summary>
    internal long LayerForwardsRun => Interlocked.Read(ref _layerForwardsRun);

    /// <summary>Decoder-layer forwards this scorer skipped by resuming from a cached prefix.</summary>
    internal long LayerForwardsSaved => Interlocked.Read(ref _layerForwardsSaved);

    /// <summary>
    /// Total NLL over <paramref name="sequences"/>: Σ_s Σ_{i ≥ 1} −ln p(t_i | t_&lt;i), keeping the first
    /// <see cref="ScoringOptions.MaxLength"/> tokens of each sequence. Sequences of length 0 or 1 add nothing.
    /// </summary>
    /// <param name="sequences">Token id sequences.</param>
    /// <param name="progress">Optional: receives the number of sequences scored so far after each batch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public SequenceScore ScoreNll(IReadOnlyList<int[]> sequences, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Total(TokenLogProbs(sequences, progress, cancellationToken));

    /// <summary>The total NLL and predicted token count of per-token log-probabilities (as <see cref="ScoreNll"/> sums them).</summary>
    internal static SequenceScore Total(IReadOnlyList<double[]> perToken)
    {
        double total = 0;
        long count = 0;
        foreach (var values in perToken)
        {
            foreach (var v in values)
            {
                total -= v;
            }

            count += values.Length;
        }

        return new SequenceScore(total, count);
    }

    /// <summary>
    /// Per-token log-probabilities: for each sequence (first <see cref="ScoringOptions.MaxLength"/> tokens kept), the
    /// array of ln p(t_i | t_&lt;i) for i = 1 .. length−1.
    /// </summary>
    /// <param name="sequences">Token id sequences.</param>
    /// <param name="progress">Optional: sequences scored so far.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IReadOnlyList<double[]> TokenLogProbs(IReadOnlyList<int[]> sequences, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var requests = new ScoringRequest[sequences.Count];
        for (int s = 0; s < sequences.Count; s++)
        {
            var tokens = sequences[s] ?? throw new ArgumentException($"Sequence {s} is null.", nameof(sequences));
            requests[s] = new ScoringRequest(tokens.Length > Options.MaxLength ? tokens[..Options.MaxLength] : tokens, 1);
        }

        return Run(requests, progress, cancellationToken);
    }

    /// <summary>
    /// Σ ln p(continuation | context) for each pair — the multiple-choice log-likelihood. When context + continuation
    /// exceeds <see cref="ScoringOptions.MaxLength"/>, the context is truncated on the left (its last tokens are kept).
    /// </summary>
    /// <param name="items">Pairs of a non-empty context and a non-empty continuation shorter than MaxLength.</param>
    /// <param name="progress">Optional: items scored so far.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">An empty context or continuation, or a continuation of MaxLength tokens or more.</exception>
    public double[] ScoreContinuations(IReadOnlyList<(int[] Context, int[] Continuation)> items, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var requests = new ScoringRequest[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (context, continuation) = items[i];
            if (context is null || context.Length == 0)
            {
                throw new ArgumentException($"Item {i}: the context must hold at least one token (e.g. BOS).", nameof(items));
            }

            if (continuation is null || continuation.Length == 0 || continuation.Length >= Options.MaxLength)
            {
                throw new ArgumentException($"Item {i}: the continuation must hold 1..{Options.MaxLength - 1} tokens; got {continuation?.Length ?? 0}.", nameof(items));
            }

            int keep = Math.Min(context.Length, Options.MaxLength - continuation.Length);
            requests[i] = new ScoringRequest([.. context[^keep..], .. continuation], keep);
        }

        return Run(requests, progress, cancellationToken).Select(v => v.Sum()).ToArray();
    }

    /// <summary>
    /// lm-eval's <c>loglikelihood</c> requests: for each pair, Σ ln p(continuation | context) (as <see cref="ScoreContinuations"/>)
    /// and whether every continuation token is the model's argmax given what precedes it (<c>is_greedy</c>).
    /// </summary>
    /// <param name="items">Pairs of a non-empty context and a non-empty continuation shorter than MaxLength.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">An empty context or continuation, or a continuation of MaxLength tokens or more.</exception>
    public (double LogLikelihood, bool IsGreedy)[] ScoreGreedyContinuations(IReadOnlyList<(int[] Context, int[] Continuation)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var requests = new ScoringRequest[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (context, continuation) = items[i];
            if (context is null || context.Length == 0 || continuation is null || continuation.Length == 0 || continuation.Length >= Options.MaxLength)
            {
                throw new ArgumentException($"Item {i}: give a non-empty context and a continuation of 1..{Options.MaxLength - 1} tokens.", nameof(items));
            }

            int keep = Math.Min(context.Length, Options.MaxLength - continuation.Length);
            requests[i] = new ScoringRequest([.. context[^keep..], .. continuation], keep);
        }

        var greedy = new bool[requests.Length][];
        var values = Run(requests, null, cancellationToken, greedy);
        return values.Select((v, i) => (v.Sum(), greedy[i].All(g => g))).ToArray();
    }

    /// <summary>
    /// Σ ln p(continuation | context) for every continuation of every group — the same values as
    /// <see cref="ScoreContinuations"/> on the (context, continuation) pairs, computed with the context run once per group:
    /// each group is packed into one row (context, then every continuation with positions restarting after the context and
    /// a mask that hides the other continuations). A group whose packed row exceeds <see cref="ScoringOptions.MaxLength"/>
    /// has its context truncated on the left; if even that does not fit, its pairs are scored one by one as
    /// <see cref="ScoreContinuations"/> does. <see cref="ScoringOptions.BatchSize"/> counts groups per forward pass.
    /// </summary>
    /// <param name="groups">A non-empty context and one or more non-empty continuations per group.</param>
    /// <param name="progress">Optional: groups scored so far.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Per group, one log-likelihood per continuation, in order.</returns>
    /// <exception cref="ArgumentException">An empty context, an empty group, or a continuation that is empty or of MaxLength tokens or more.</exception>
    public double[][] ScoreChoiceGroups(IReadOnlyList<(int[] Context, IReadOnlyList<int[]> Continuations)> groups, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var packed = new List<int>();
        var unpacked = new List<int>();
        var fitted = new (int[] Context, IReadOnlyList<int[]> Continuations)[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            var (context, continuations) = groups[g];
            if (context is null || context.Length == 0)
            {
                throw new ArgumentException($"Group {g}: the context must hold at least one token (e.g. BOS).", nameof(groups));
            }

            if (continuations is null || continuations.Count == 0 || continuations.Any(c => c is null || c.Length == 0 || c.Length >= Options.MaxLength))
            {
                throw new ArgumentException($"Group {g}: give one or more continuations of 1..{Options.MaxLength - 1} tokens each.", nameof(groups));
            }

            int keep = Math.Min(context.Length, Options.MaxLength - continuations.Sum(c => c.Length));
            if (keep >= 1)
            {
                fitted[g] = (context[^keep..], continuations);
                packed.Add(g);
            }
            else
            {
                unpacked.Add(g);
            }
        }

        var results = new double[groups.Count][];
        var order = packed.OrderByDescending(g => ChoiceGroupPacker.RowLength(fitted[g].Context, fitted[g].Continuations)).ToArray();
        int done = 0;
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(Options.BatchSize).ToArray();
            var rows = batch.Select(g => fitted[g]).ToArray();
            var values = PackedLogProbs(ChoiceGroupPacker.Pack(rows), Prefix("packed", rows.Select(r => r.Continuations.Prepend(r.Context))));
            int position = 0;
            foreach (var g in batch)
            {
                results[g] = fitted[g].Continuations.Select(c =>
                {
                    double sum = 0;
                    for (int i = 0; i < c.Length; i++)
                    {
                        sum += values[position + i];
                    }

                    position += c.Length;
                    return sum;
                }).ToArray();
            }

            done += batch.Length;
            progress?.Report(done);
        }

        foreach (var g in unpacked)
        {
            results[g] = ScoreContinuations(groups[g].Continuations.Select(c => (groups[g].Context, c)).ToArray(), cancellationToken: cancellationToken);
            progress?.Report(++done);
        }

        return results;
    }

    private double[] PackedLogProbs(PackedBatch batch, PrefixBatch? prefix)
    {
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(batch.Ids, [batch.Rows, batch.Length], dtype: torch.ScalarType.Int64);
        var positions = torch.tensor(batch.Positions, [batch.Rows, batch.Length], dtype: torch.ScalarType.Int64);
        var mask = torch.tensor(batch.Mask, [batch.Rows, 1, batch.Length, batch.Length]);
        var hidden = _model.ForwardHidden(ids, positions, mask, prefix);
        CountLayers(prefix);
        return GatherLogProbs(hidden.view(-1, hidden.shape[^1]), batch.ScoreRows, batch.Targets);
    }

    /// <summary>The batch's view of the prefix cache (null without a cache); see <see cref="PrefixBatch.Identity"/>.</summary>
    private PrefixBatch? Prefix(string kind, IEnumerable<IEnumerable<int[]>> rows) =>
        _prefixCache is null ? null : new PrefixBatch(_prefixCache, _prefixKeys!, PrefixBatch.Identity(kind, rows));

    private void CountLayers(PrefixBatch? prefix)
    {
        int saved = prefix?.ResumedDepth ?? 0;
        int run = _model.Layers.Count - saved;
        Interlocked.Add(ref _layerForwardsRun, run);
        Interlocked.Add(ref _layerForwardsSaved, saved);
        _prefixCache?.Count(run, saved);
    }

    private double[][] Run(ScoringRequest[] requests, IProgress<int>? progress, CancellationToken cancellationToken, bool[][]? greedy = null)
    {
        var results = new double[requests.Length][];
        var order = Enumerable.Range(0, requests.Length).OrderByDescending(i => requests[i].Tokens.Length).ToArray();
        int done = 0;
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(Options.BatchSize).ToArray();
            var scorable = batch.Where(i => requests[i].TargetCount > 0).ToArray();
            foreach (var i in batch.Except(scorable))
            {
                results[i] = [];
                if (greedy is not null)
                {
                    greedy[i] = [];
                }
            }

            if (scorable.Length > 0)
            {
                var flags = greedy is null ? null : new bool[scorable.Length][];
                var values = BatchLogProbs(scorable.Select(i => requests[i]).ToArray(), flags);
                for (int k = 0; k < scorable.Length; k++)
                {
                    results[scorable[k]] = values[k];
                    if (greedy is not null)
                    {
                        greedy[scorable[k]] = flags![k];
                    }
                }
            }

            done += batch.Length;
            progress?.Report(done);
        }

        return results;
    }

    private double[][] BatchLogProbs(ScoringRequest[] batch, bool[][]? greedy = null)
    {
        using var scope = torch.NewDisposeScope();
        int length = batch.Max(r => r.Tokens.Length);
        var ids = new long[batch.Length * length];
        var rows = new List<long>();
        var targets = new List<long>();
        for (int b = 0; b < batch.Length; b++)
        {
            var tokens = batch[b].Tokens;
            for (int t = 0; t < tokens.Length; t++)
            {
                ids[(b * length) + t] = tokens[t];
            }

            for (int t = batch[b].FirstTarget; t < tokens.Length; t++)
            {
                rows.Add(((long)b * length) + t - 1);
                targets.Add(tokens[t]);
            }
        }

        var input = torch.tensor(ids, [batch.Length, length], dtype: torch.ScalarType.Int64);
        var prefix = Prefix("plain", batch.Select(r => new[] { r.Tokens }));
        var hidden = _model.ForwardHidden(input, prefix);
        CountLayers(prefix);
        var isArgmax = greedy is null ? null : new bool[rows.Count];
        var logProbs = GatherLogProbs(hidden.view(-1, hidden.shape[^1]), rows.ToArray(), targets.ToArray(), isArgmax);
        var result = new double[batch.Length][];
        int position = 0;
        for (int b = 0; b < batch.Length; b++)
        {
            result[b] = logProbs[position..(position + batch[b].TargetCount)];
            if (greedy is not null)
            {
                greedy[b] = isArgmax![position..(position + batch[b].TargetCount)];
            }

            position += batch[b].TargetCount;
        }

        return result;
    }

    /// <summary>
    /// ln p(target | hidden row) for each (row, target) pair: head and float32 log-softmax in chunks of rows; when
    /// <paramref name="isArgmax"/> is given, it receives whether each target is the row's argmax (first maximum).
    /// </summary>
    private double[] GatherLogProbs(torch.Tensor flat, long[] rows, long[] targets, bool[]? isArgmax = null)
    {
        var device = flat.device;
        var rowIndex = torch.tensor(rows, dtype: torch.ScalarType.Int64).to(device);
        var targetIndex = torch.tensor(targets, dtype: torch.ScalarType.Int64).to(device);
        var logProbs = new double[rows.Length];
        for (int offset = 0; offset < rows.Length; offset += Options.LogitRowsPerChunk)
        {
            using var chunkScope = torch.NewDisposeScope();
            int n = Math.Min(Options.LogitRowsPerChunk, rows.Length - offset);
            var logits = _model.ComputeLogits(flat.index_select(0, rowIndex.narrow(0, offset, n)));
            var picked = logits.log_softmax(-1).gather(1, targetIndex.narrow(0, offset, n).unsqueeze(1)).squeeze(1);
            var values = picked.to(torch.ScalarType.Float64).cpu().data<double>().ToArray();
            Array.Copy(values, 0, logProbs, offset, n);
            if (isArgmax is not null)
            {
                var argmax = logits.argmax(-1).eq(targetIndex.narrow(0, offset, n)).cpu().data<bool>().ToArray();
                Array.Copy(argmax, 0, isArgmax, offset, n);
            }
        }

        return logProbs;
    }
}

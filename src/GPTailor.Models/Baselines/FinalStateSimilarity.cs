using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// LaCo's acceptance measure: for each calibration sequence s, the cosine between the flattened last hidden states
/// (after the final norm, real tokens only) of a reference model and a candidate; <see cref="Mean"/> averages over s.
/// The reference states are computed once and kept (float32, one tensor per batch).
/// </summary>
internal sealed class FinalStateSimilarity : IDisposable
{
    private readonly List<(long[] Ids, int[] Lengths, torch.Tensor Reference)> _batches = [];
    private readonly int _sequenceCount;

    public FinalStateSimilarity(CausalLanguageModel reference, IReadOnlyList<int[]> calibration, BaselineOptions options, CancellationToken cancellationToken)
    {
        var sequences = calibration.Select(s => s.Length > options.MaxLength ? s[..options.MaxLength] : s).Where(s => s.Length > 0).OrderByDescending(s => s.Length).ToArray();
        if (sequences.Length == 0)
        {
            throw new ArgumentException("The calibration data holds no tokens.", nameof(calibration));
        }

        _sequenceCount = sequences.Length;
        try
        {
            for (int start = 0; start < sequences.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = sequences.Skip(start).Take(options.BatchSize).ToArray();
                int length = batch[0].Length;
                var ids = new long[batch.Length * length];
                for (int b = 0; b < batch.Length; b++)
                {
                    for (int t = 0; t < batch[b].Length; t++)
                    {
                        ids[(b * length) + t] = batch[b][t];
                    }
                }

                var lengths = batch.Select(s => s.Length).ToArray();
                _batches.Add((ids, lengths, States(reference, ids, lengths)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Mean over sequences of cos(flatten(h_ref(s)), flatten(h_candidate(s))); a zero-norm pair counts 0.</summary>
    public double Mean(CausalLanguageModel candidate, CancellationToken cancellationToken)
    {
        double total = 0;
        foreach (var (ids, lengths, reference) in _batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var states = States(candidate, ids, lengths);
            var dot = (reference * states).sum([1L, 2L]).to(torch.ScalarType.Float64);
            var norms = reference.pow(2).sum([1L, 2L]).to(torch.ScalarType.Float64).sqrt() * states.pow(2).sum([1L, 2L]).to(torch.ScalarType.Float64).sqrt();
            var cos = dot / norms;
            total += torch.where(cos.isnan(), torch.zeros_like(cos), cos).sum().item<double>();
        }

        return total / _sequenceCount;
    }

    public void Dispose()
    {
        foreach (var (_, _, reference) in _batches)
        {
            reference.Dispose();
        }

        _batches.Clear();
    }

    /// <summary>Final-normed states [B, T, H] in float32 with padded positions zeroed.</summary>
    private static torch.Tensor States(CausalLanguageModel model, long[] ids, int[] lengths)
    {
        using var scope = torch.NewDisposeScope();
        int batch = lengths.Length, length = ids.Length / batch;
        var input = torch.tensor(ids, [batch, length], dtype: torch.ScalarType.Int64);
        var hidden = model.ForwardHidden(input).to(torch.ScalarType.Float32);
        var valid = torch.arange(length, device: hidden.device).unsqueeze(0) < torch.tensor(lengths.Select(l => (long)l).ToArray(), device: hidden.device).unsqueeze(1);
        return hidden.masked_fill(valid.logical_not().unsqueeze(-1), 0.0).MoveToOuterDisposeScope();
    }
}

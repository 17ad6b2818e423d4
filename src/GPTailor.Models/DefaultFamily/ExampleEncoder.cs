using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Turns examples into training tensors exactly as the multiple-choice scorer tokenizes them (no BOS; context and
/// <c>" " + answer</c> split as lm-eval does), right-padded to the longest example of the batch, with targets only on
/// the answer tokens (−100 elsewhere, ignored by the loss).
/// </summary>
internal sealed class ExampleEncoder(HfTokenizer tokenizer, int maxLength)
{
    /// <summary>The value of targets that carry no loss.</summary>
    public const long Ignore = -100;

    private readonly Dictionary<(string, string), long[][]> _cache = [];
    private readonly long _padId = tokenizer.EosId ?? 0;

    /// <summary>Token ids and next-token targets of one example.</summary>
    public (long[] Ids, long[] Targets) Encode(string context, string answer)
    {
        if (_cache.TryGetValue((context, answer), out var cached))
        {
            return (cached[0], cached[1]);
        }

        var (contextIds, answerIds) = ContinuationEncoder.Encode(tokenizer, context, " " + answer);
        var ids = contextIds.Concat(answerIds).Select(i => (long)i).ToArray();
        if (ids.Length > maxLength)
        {
            throw new InvalidOperationException($"The example '{context} {answer}' has {ids.Length} tokens, more than SequenceLength ({maxLength}).");
        }

        var targets = new long[ids.Length];
        for (var t = 0; t < ids.Length; t++)
        {
            targets[t] = t + 1 < ids.Length && t + 1 >= contextIds.Length ? ids[t + 1] : Ignore;
        }

        if (_cache.Count < 200_000)
        {
            _cache[(context, answer)] = [ids, targets];
        }

        return (ids, targets);
    }

    /// <summary>Int64 ids and targets [B, T] for a batch, T = the longest example.</summary>
    public (torch.Tensor Ids, torch.Tensor Targets) Batch(IReadOnlyList<(string Context, string Answer)> examples)
    {
        var encoded = examples.Select(e => Encode(e.Context, e.Answer)).ToArray();
        var length = encoded.Max(e => e.Ids.Length);
        var ids = new long[encoded.Length * length];
        var targets = new long[encoded.Length * length];
        Array.Fill(ids, _padId);
        Array.Fill(targets, Ignore);
        for (var b = 0; b < encoded.Length; b++)
        {
            encoded[b].Ids.CopyTo(ids, b * length);
            encoded[b].Targets.CopyTo(targets, b * length);
        }

        return (torch.tensor(ids, [encoded.Length, length]), torch.tensor(targets, [encoded.Length, length]));
    }
}

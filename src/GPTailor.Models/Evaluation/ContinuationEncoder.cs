
namespace GPTailor.Models;

/// <summary>
/// lm-eval-harness's <c>_encode_pair</c>: trailing whitespace of the context moves to the start of the continuation;
/// <c>context + continuation</c> is tokenized jointly (no BOS by default) and split at the length of the tokenized
/// context; an empty context is replaced by one prefix token (BOS, else EOS) as lm-eval does.
/// </summary>
public static class ContinuationEncoder
{
    /// <summary>Encodes one (context, continuation) pair.</summary>
    /// <exception cref="InvalidOperationException">The context is empty and the tokenizer has neither BOS nor EOS.</exception>
    public static (int[] Context, int[] Continuation) Encode(HfTokenizer tokenizer, string context, string continuation, bool addBos = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var trimmed = context.TrimEnd();
        var spaces = context.Length - trimmed.Length;
        if (spaces > 0)
        {
            continuation = context[^spaces..] + continuation;
            context = trimmed;
        }

        if (context.Length == 0)
        {
            var prefix = tokenizer.BosId ?? tokenizer.EosId ?? throw new InvalidOperationException("An empty context needs a BOS or EOS token to condition on.");
            return ([prefix], tokenizer.Encode(continuation, addBos: false));
        }

        var whole = tokenizer.Encode(context + continuation, addBos);
        var contextTokens = tokenizer.Encode(context, addBos);
        var split = Math.Min(contextTokens.Length, whole.Length - 1);
        return (whole[..split], whole[split..]);
    }
}

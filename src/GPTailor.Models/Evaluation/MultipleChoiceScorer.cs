using System.Globalization;

namespace GPTailor.Models;

/// <summary>
/// Multiple-choice accuracy with lm-eval-harness <c>multiple_choice</c> semantics: for each choice, the sum of the
/// log-probabilities of <c>target_delimiter + choice</c> given the context; <c>acc</c> = argmax of the sums is gold,
/// <c>acc_norm</c> = argmax of the sums divided by the choice's length in Unicode code points (Python's <c>len</c>, as
/// lm-eval) is gold (first maximum on ties). A document with a <see cref="MultipleChoiceDocument.SharedContinuation"/> is
/// scored as lm-eval's multiple-input tasks: each choice is a context and the shared continuation is scored after it.
/// </summary>
public sealed class MultipleChoiceScorer(HfTokenizer tokenizer, string targetDelimiter = " ", bool addBos = false)
{
    private readonly Dictionary<MultipleChoiceDocument, (int[] Context, IReadOnlyList<int[]> Continuations)[]> _encoded = new(ReferenceEqualityComparer.Instance);

    /// <summary>Accuracy (raw and length-normalised) of the documents under the scorer's model.</summary>
    /// <exception cref="NonFiniteScoreException">A choice's log-likelihood is NaN or infinite (the message names the document).</exception>
    public MultipleChoiceResult Score(SequenceScorer scorer, IReadOnlyList<MultipleChoiceDocument> documents, CancellationToken cancellationToken = default) =>
        Score(scorer, documents, null, cancellationToken);

    /// <summary>Accuracy (raw and length-normalised) of the documents of task <paramref name="taskName"/> under the scorer's model.</summary>
    /// <param name="scorer">The model's scorer.</param>
    /// <param name="documents">The documents.</param>
    /// <param name="taskName">The task, named in errors (null: none).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="NonFiniteScoreException">
    /// A choice's log-likelihood is NaN or infinite: no accuracy is reported (every comparison with NaN is false, so the
    /// first choice would win). The message names the task and the first such document.
    /// </exception>
    public MultipleChoiceResult Score(SequenceScorer scorer, IReadOnlyList<MultipleChoiceDocument> documents, string? taskName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(documents);
        var groups = documents.SelectMany(Encode).ToArray();
        var logLikelihoods = scorer.ScoreChoiceGroups(groups, cancellationToken: cancellationToken).SelectMany(g => g).ToArray();
        int correct = 0, correctNorm = 0, offset = 0;
        for (var d = 0; d < documents.Count; d++)
        {
            var doc = documents[d];
            var ll = logLikelihoods.AsSpan(offset, doc.Choices.Count);
            offset += doc.Choices.Count;
            for (var i = 0; i < ll.Length; i++)
            {
                if (!double.IsFinite(ll[i]))
                {
                    throw new NonFiniteScoreException(taskName, d, string.Create(CultureInfo.InvariantCulture, $"the log-likelihood of choice {i} is {ll[i]}; the model's output is not finite"));
                }
            }

            int best = 0, bestNorm = 0;
            for (var i = 1; i < ll.Length; i++)
            {
                if (ll[i] > ll[best])
                {
                    best = i;
                }

                if (ll[i] / Length(doc.Choices[i]) > ll[bestNorm] / Length(doc.Choices[bestNorm]))
                {
                    bestNorm = i;
                }
            }

            correct += best == doc.Gold ? 1 : 0;
            correctNorm += bestNorm == doc.Gold ? 1 : 0;
        }

        var n = Math.Max(1, documents.Count);
        return new MultipleChoiceResult((double)correct / n, (double)correctNorm / n, documents.Count);
    }

    /// <summary>
    /// The document as groups of (context, continuations) to score: one group when every (context, choice) pair encodes
    /// to the same context tokens (the usual case), else one group per choice (lm-eval encodes each pair jointly, so a
    /// token merge across the boundary can change the context tokens of one choice).
    /// </summary>
    private (int[] Context, IReadOnlyList<int[]> Continuations)[] Encode(MultipleChoiceDocument doc)
    {
        lock (_encoded)
        {
            if (!_encoded.TryGetValue(doc, out var groups))
            {
                var pairs = doc.SharedContinuation is { } shared
                    ? doc.Choices.Select(c => ContinuationEncoder.Encode(tokenizer, doc.Context + c, targetDelimiter + shared, addBos)).ToArray()
                    : doc.Choices.Select(c => ContinuationEncoder.Encode(tokenizer, doc.Context, targetDelimiter + c, addBos)).ToArray();
                groups = pairs.All(p => p.Context.AsSpan().SequenceEqual(pairs[0].Context))
                    ? [(pairs[0].Context, pairs.Select(p => p.Continuation).ToArray())]
                    : pairs.Select(p => (p.Context, (IReadOnlyList<int[]>)[p.Continuation])).ToArray();
                _encoded[doc] = groups;
            }

            return groups;
        }
    }

    /// <summary>Python's <c>len</c> of a choice (code points), at least 1.</summary>
    private static double Length(string choice) => Math.Max(1, GPTailor.Datasets.PyText.Length(choice));
}

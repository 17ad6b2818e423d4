using System.Text;
using GPTailor.Models.Scoring;
using GPTailor.Models.Tokenization;
using GPTailor.Tasks;

namespace GPTailor.Models.Evaluation;

/// <summary>
/// Multiple-choice accuracy with lm-eval-harness <c>multiple_choice</c> semantics: for each choice, the sum of the
/// log-probabilities of <c>target_delimiter + choice</c> given the context; <c>acc</c> = argmax of the sums is gold,
/// <c>acc_norm</c> = argmax of the sums divided by the choice's UTF-8 byte length is gold (first maximum on ties).
/// </summary>
public sealed class MultipleChoiceScorer(HfTokenizer tokenizer, string targetDelimiter = " ", bool addBos = false)
{
    private readonly Dictionary<MultipleChoiceDocument, (int[], int[])[]> _encoded = new(ReferenceEqualityComparer.Instance);

    /// <summary>Accuracy (raw and length-normalised) of the documents under the scorer's model.</summary>
    public MultipleChoiceResult Score(SequenceScorer scorer, IReadOnlyList<MultipleChoiceDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(documents);
        var items = new List<(int[] Context, int[] Continuation)>();
        foreach (var doc in documents)
        {
            items.AddRange(Encode(doc));
        }

        var logLikelihoods = scorer.ScoreContinuations(items, cancellationToken: cancellationToken);
        int correct = 0, correctNorm = 0, offset = 0;
        foreach (var doc in documents)
        {
            var ll = logLikelihoods.AsSpan(offset, doc.Choices.Count);
            offset += doc.Choices.Count;
            int best = 0, bestNorm = 0;
            for (var i = 1; i < ll.Length; i++)
            {
                if (ll[i] > ll[best])
                {
                    best = i;
                }

                if (ll[i] / Bytes(doc.Choices[i]) > ll[bestNorm] / Bytes(doc.Choices[bestNorm]))
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

    private (int[], int[])[] Encode(MultipleChoiceDocument doc)
    {
        lock (_encoded)
        {
            if (!_encoded.TryGetValue(doc, out var pairs))
            {
                pairs = doc.Choices.Select(c => ContinuationEncoder.Encode(tokenizer, doc.Context, targetDelimiter + c, addBos)).ToArray();
                _encoded[doc] = pairs;
            }

            return pairs;
        }
    }

    private static double Bytes(string choice) => Math.Max(1, Encoding.UTF8.GetByteCount(choice));
}

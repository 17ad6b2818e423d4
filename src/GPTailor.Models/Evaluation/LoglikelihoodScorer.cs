using System.Globalization;
using GPTailor.Datasets;

namespace GPTailor.Models;

/// <summary>
/// lm-eval's <c>loglikelihood</c> tasks (<c>lambada_openai</c>): each (context, continuation) pair is encoded as
/// <see cref="ContinuationEncoder"/> does (no target delimiter), scored once; <c>perplexity</c> = exp(−mean of the
/// per-document log-likelihoods) (lm-eval's <c>perplexity</c> aggregation; its stderr is a bootstrap lm-eval draws at
/// random, reported here as null), <c>acc</c> = share of documents whose continuation is the greedy one.
/// </summary>
public static class LoglikelihoodScorer
{
    /// <summary>Perplexity and greedy accuracy of the documents.</summary>
    /// <exception cref="NonFiniteScoreException">A log-likelihood is not finite (named by task and document).</exception>
    public static (MetricValue Perplexity, MetricValue Accuracy) Score(HfTokenizer tokenizer, SequenceScorer scorer, IReadOnlyList<LoglikelihoodDocument> documents, string taskName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(documents);
        var pairs = documents.Select(d => ContinuationEncoder.Encode(tokenizer, d.Context, d.Continuation)).ToArray();
        var results = scorer.ScoreGreedyContinuations(pairs, cancellationToken);
        double sum = 0;
        var greedy = 0;
        for (var d = 0; d < results.Length; d++)
        {
            if (!double.IsFinite(results[d].LogLikelihood))
            {
                throw new NonFiniteScoreException(taskName, d, string.Create(CultureInfo.InvariantCulture, $"the continuation's log-likelihood is {results[d].LogLikelihood}; the model's output is not finite"));
            }

            sum += results[d].LogLikelihood;
            greedy += results[d].IsGreedy ? 1 : 0;
        }

        var perplexity = Math.Exp(-sum / Math.Max(1, results.Length));
        return (new MetricValue(perplexity, null), BenchmarkAggregation.Accuracy(greedy, results.Length));
    }
}

using GPTailor.Datasets;

namespace GPTailor.Models;

/// <summary>Accuracy of a multiple-choice task.</summary>
/// <param name="Accuracy">acc.</param>
/// <param name="NormalizedAccuracy">acc_norm (log-likelihood per Unicode code point of the choice).</param>
/// <param name="Documents">Documents scored.</param>
public sealed record MultipleChoiceResult(double Accuracy, double NormalizedAccuracy, int Documents)
{
    /// <summary>acc with lm-eval's standard error.</summary>
    public MetricValue AccuracyValue => BenchmarkAggregation.Accuracy((int)Math.Round(Accuracy * Documents), Documents);

    /// <summary>acc_norm with lm-eval's standard error.</summary>
    public MetricValue NormalizedAccuracyValue => BenchmarkAggregation.Accuracy((int)Math.Round(NormalizedAccuracy * Documents), Documents);
}

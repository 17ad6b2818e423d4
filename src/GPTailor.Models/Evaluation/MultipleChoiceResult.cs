namespace GPTailor.Models;

/// <summary>Accuracy of a multiple-choice task.</summary>
/// <param name="Accuracy">acc.</param>
/// <param name="NormalizedAccuracy">acc_norm (log-likelihood per UTF-8 byte of the choice).</param>
/// <param name="Documents">Documents scored.</param>
public sealed record MultipleChoiceResult(double Accuracy, double NormalizedAccuracy, int Documents);

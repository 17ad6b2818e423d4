namespace GPTailor;

/// <summary>The score of one task for one plan.</summary>
/// <param name="Task">The task name.</param>
/// <param name="Metric">The metric, such as <c>acc</c>, <c>acc_norm</c> or <c>nll</c>.</param>
/// <param name="Value">The score.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
/// <param name="Documents">How many documents were scored.</param>
public sealed record TaskScore(string Task, string Metric, double Value, ObjectiveDirection Direction, int Documents)
{
    /// <summary>The score as a cost to minimise: <c>1 − acc</c> style for maximised metrics bounded by 1, else the signed value.</summary>
    public double Cost => Direction == ObjectiveDirection.Minimize ? Value : -Value;
}

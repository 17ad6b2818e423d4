namespace GPTailor;

/// <summary>One task of a task set file.</summary>
/// <param name="Name">Unique task name.</param>
/// <param name="Kind">Multiple choice, perplexity, a built-in benchmark or a template over a custom dataset.</param>
/// <param name="Path">Absolute path of the JSONL data, or of the dataset file or directory (benchmark and template kinds).</param>
/// <param name="Metric"><c>acc</c> or <c>acc_norm</c> for multiple choice; <c>nll</c> or <c>perplexity</c> for perplexity tasks;
/// <c>acc</c>, <c>acc_norm</c> or (<c>lambada_openai</c>) <c>perplexity</c> for benchmarks.</param>
/// <param name="Weight">Weight in the weighted-sum scalarisation (≥ 0).</param>
public sealed record TaskDefinition(string Name, TaskKind Kind, string Path, string Metric, double Weight)
{
    /// <summary>For benchmark and template tasks: the split, limit and mapping; null for the JSONL kinds.</summary>
    public DatasetSource? Source { get; init; }

    /// <summary>Whether a higher metric is better (<c>nll</c> and <c>perplexity</c> are minimised, accuracies maximised).</summary>
    public ObjectiveDirection Direction => Metric is "nll" or "perplexity" ? ObjectiveDirection.Minimize : ObjectiveDirection.Maximize;
}

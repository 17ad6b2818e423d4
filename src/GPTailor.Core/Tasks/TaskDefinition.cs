
namespace GPTailor;

/// <summary>One task of a task set file.</summary>
/// <param name="Name">Unique task name.</param>
/// <param name="Kind">Multiple choice or perplexity.</param>
/// <param name="Path">Absolute path of the JSONL data.</param>
/// <param name="Metric"><c>acc</c> or <c>acc_norm</c> for multiple choice; <c>nll</c> or <c>perplexity</c> for perplexity tasks.</param>
/// <param name="Weight">Weight in the weighted-sum scalarisation (≥ 0).</param>
public sealed record TaskDefinition(string Name, TaskKind Kind, string Path, string Metric, double Weight)
{
    /// <summary>Whether a higher metric is better.</summary>
    public ObjectiveDirection Direction => Kind == TaskKind.MultipleChoice ? ObjectiveDirection.Maximize : ObjectiveDirection.Minimize;
}

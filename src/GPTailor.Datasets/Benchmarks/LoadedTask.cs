namespace GPTailor.Datasets;

/// <summary>One lm-eval <c>loglikelihood</c> request: ln p(continuation | context), and whether it is the greedy continuation.</summary>
/// <param name="Context">The context.</param>
/// <param name="Continuation">The continuation (its leading space included, no target delimiter is added).</param>
public sealed record LoglikelihoodDocument(string Context, string Continuation);

/// <summary>One scored (sub)task: multiple-choice documents, or loglikelihood documents for <c>lambada_openai</c>.</summary>
/// <param name="Name">The lm-eval task name (<c>mmlu_anatomy</c>, <c>arc_easy</c>, or the tasks.json name of a template task).</param>
/// <param name="Version">lm-eval's task version.</param>
/// <param name="Choices">The multiple-choice documents (empty for a loglikelihood task).</param>
/// <param name="Pairs">The loglikelihood documents (empty for a multiple-choice task).</param>
public sealed record BenchmarkSubtask(string Name, string Version, IReadOnlyList<MultipleChoiceDocument> Choices, IReadOnlyList<LoglikelihoodDocument> Pairs)
{
    /// <summary>The number of documents.</summary>
    public int Count => Choices.Count + Pairs.Count;
}

/// <summary>An lm-eval group: its score is the size-weighted mean of its members (subtasks or groups).</summary>
/// <param name="Name">The group's name (<c>mmlu</c>, <c>mmlu_stem</c>).</param>
/// <param name="Version">lm-eval's group version.</param>
/// <param name="Members">Subtask or group names, in lm-eval's order.</param>
public sealed record BenchmarkGroup(string Name, string Version, IReadOnlyList<string> Members);

/// <summary>A task of a task set with its documents read: one subtask, or several under groups (the last group is the task itself).</summary>
/// <param name="Definition">The task set entry.</param>
/// <param name="Metrics">The metrics lm-eval reports for it (<c>acc</c>, <c>acc_norm</c>, <c>perplexity</c>).</param>
/// <param name="Subtasks">The subtasks with their documents.</param>
/// <param name="Groups">The groups, innermost first; empty for a single task.</param>
public sealed record LoadedTask(TaskDefinition Definition, IReadOnlyList<string> Metrics, IReadOnlyList<BenchmarkSubtask> Subtasks, IReadOnlyList<BenchmarkGroup> Groups)
{
    /// <summary>Whether the task is scored by loglikelihood (perplexity and greedy accuracy) rather than multiple choice.</summary>
    public bool IsLoglikelihood => Subtasks.Count > 0 && Subtasks[0].Pairs.Count > 0;
}

namespace GPTailor;

/// <summary>
/// Where a <see cref="TaskKind.Benchmark"/> or <see cref="TaskKind.Template"/> task finds its rows: a dataset file or
/// directory (<see cref="TaskDefinition.Path"/>), which split, and how many documents at most.
/// </summary>
/// <param name="Benchmark">The built-in benchmark's name (such as <c>mmlu</c>), or null for a template task.</param>
/// <param name="Split">The split (null: the benchmark's default split; for a template task, every data file).</param>
/// <param name="Limit">At most this many documents per task, or per subtask of a group, as lm-eval's <c>limit</c> (null: all).</param>
/// <param name="Template">How a template task maps columns to a prompt, choices and gold; null for a benchmark.</param>
public sealed record DatasetSource(string? Benchmark, string? Split, int? Limit, PromptTemplate? Template);

/// <summary>
/// A custom dataset's columns mapped to a multiple-choice question. Strings hold placeholders: <c>{column}</c>,
/// <c>{column.field}</c> (a struct's field), <c>{column[i]}</c> (a list's item i, from 0); <c>{{</c> and <c>}}</c> are
/// literal braces. A choices entry that is a single placeholder naming a list expands to the list's items.
/// </summary>
/// <param name="Prompt">The context template.</param>
/// <param name="Choices">The choice templates (literal text, placeholders, or one placeholder naming a list).</param>
/// <param name="Gold">The gold template: renders to a choice index (digits), or to a choice's text, or to one of <paramref name="Labels"/>.</param>
/// <param name="Labels">Optional: a placeholder naming a list of labels, one per choice (as ARC's <c>choices.label</c>).</param>
public sealed record PromptTemplate(string Prompt, IReadOnlyList<string> Choices, string Gold, string? Labels);

namespace GPTailor.Datasets;

/// <summary>
/// A built-in lm-eval benchmark: its default split, the columns of its Hugging Face dataset, and how a row becomes
/// lm-eval's prompt, choices and gold (see <see cref="BenchmarkCatalog"/> for the list and their sources).
/// </summary>
public abstract class Benchmark
{
    /// <summary>The largest number of choices accepted in one document.</summary>
    public const int MaxChoices = 1000;

    /// <summary>The lm-eval task name.</summary>
    public abstract string Name { get; }

    /// <summary>lm-eval's task version.</summary>
    public virtual string Version => "1";

    /// <summary>The split lm-eval scores by default (its <c>test_split</c>, else <c>validation_split</c>).</summary>
    public abstract string DefaultSplit { get; }

    /// <summary>The Hugging Face dataset lm-eval loads (for the README and messages).</summary>
    public abstract string Dataset { get; }

    /// <summary>The metrics lm-eval reports.</summary>
    public virtual IReadOnlyList<string> Metrics => ["acc", "acc_norm"];

    /// <summary>Builds the task's subtasks and groups from the rows of the split, keeping at most <paramref name="limit"/> documents per subtask.</summary>
    public virtual (IReadOnlyList<BenchmarkSubtask> Subtasks, IReadOnlyList<BenchmarkGroup> Groups) Build(IReadOnlyList<DatasetRecord> rows, int limit) =>
        ([new BenchmarkSubtask(Name, Version, rows.Take(limit).Select(ToDocument).ToArray(), [])], []);

    /// <summary>lm-eval's document for one row.</summary>
    /// <exception cref="TaskFormatException">A column is missing or of the wrong type (the message names file, row and column).</exception>
    public abstract MultipleChoiceDocument ToDocument(DatasetRecord row);

    /// <summary>Checks the choice count and the gold index of a document built from <paramref name="row"/>.</summary>
    protected static MultipleChoiceDocument Checked(DatasetRecord row, string choicesColumn, string goldColumn, string context, IReadOnlyList<string> choices, int gold)
    {
        if (choices.Count < 2 || choices.Count > MaxChoices)
        {
            throw row.Error(choicesColumn, $"{choices.Count} choices; between 2 and {MaxChoices} are accepted.");
        }

        return gold >= 0 && gold < choices.Count
            ? new MultipleChoiceDocument(context, choices, gold)
            : throw row.Error(goldColumn, $"gold index {gold} is outside the {choices.Count} choices.");
    }
}

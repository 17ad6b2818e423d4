namespace GPTailor.Datasets;

// Prompts, choices and gold follow lm-evaluation-harness's task YAMLs (lm_eval/tasks/<task>/<task>.yaml); the target
// delimiter is lm-eval's default " " (added by the scorer). Every column read is named in errors.

/// <summary>ARC (lm_eval/tasks/arc/arc_easy.yaml, arc_challenge.yaml): <c>Question: {question}\nAnswer:</c>, choices <c>choices.text</c>, gold <c>choices.label.index(answerKey)</c>.</summary>
internal sealed class ArcBenchmark(string name) : Benchmark
{
    public override string Name => name;

    public override string DefaultSplit => "test";

    public override string Dataset => $"allenai/ai2_arc ({(name == "arc_easy" ? "ARC-Easy" : "ARC-Challenge")})";

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var choices = row.GetStringList("choices.text", MaxChoices);
        var labels = row.GetStringList("choices.label", MaxChoices);
        var key = row.GetString("answerKey");
        var gold = IndexOf(labels, key, row, "answerKey");
        return Checked(row, "choices.text", "answerKey", $"Question: {row.GetString("question")}\nAnswer:", choices, gold);
    }

    internal static int IndexOf(IReadOnlyList<string> labels, string key, DatasetRecord row, string column)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == key)
            {
                return i;
            }
        }

        throw row.Error(column, $"'{key}' is not one of the labels [{string.Join(", ", labels)}].");
    }
}

/// <summary>OpenBookQA (lm_eval/tasks/openbookqa/openbookqa.yaml): context <c>question_stem</c>, choices <c>choices.text</c>, gold <c>choices.label.index(answerKey.lstrip())</c>.</summary>
internal sealed class OpenBookQaBenchmark : Benchmark
{
    public override string Name => "openbookqa";

    public override string DefaultSplit => "test";

    public override string Dataset => "allenai/openbookqa (main)";

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var choices = row.GetStringList("choices.text", MaxChoices);
        var labels = row.GetStringList("choices.label", MaxChoices);
        var key = row.GetString("answerKey").TrimStart(); // Python's lstrip()
        var gold = ArcBenchmark.IndexOf(labels, key, row, "answerKey");
        return Checked(row, "choices.text", "answerKey", row.GetString("question_stem"), choices, gold);
    }
}

/// <summary>PIQA (lm_eval/tasks/piqa/piqa.yaml): <c>Question: {goal}\nAnswer:</c>, choices <c>[sol1, sol2]</c>, gold <c>label</c>.</summary>
internal sealed class PiqaBenchmark : Benchmark
{
    public override string Name => "piqa";

    public override string DefaultSplit => "validation";

    public override string Dataset => "baber/piqa";

    public override MultipleChoiceDocument ToDocument(DatasetRecord row) =>
        Checked(row, "sol1", "label", $"Question: {row.GetString("goal")}\nAnswer:", [row.GetString("sol1"), row.GetString("sol2")], row.GetInt32("label"));
}

/// <summary>BoolQ (lm_eval/tasks/super_glue/boolq/default.yaml): <c>{passage}\nQuestion: {question}?\nAnswer:</c>, choices <c>["no", "yes"]</c>, gold <c>label</c>; acc only.</summary>
internal sealed class BoolQBenchmark : Benchmark
{
    public override string Name => "boolq";

    public override string Version => "2";

    public override string DefaultSplit => "validation";

    public override string Dataset => "aps/super_glue (boolq)";

    public override IReadOnlyList<string> Metrics => ["acc"];

    public override MultipleChoiceDocument ToDocument(DatasetRecord row) =>
        Checked(row, "label", "label", $"{row.GetString("passage")}\nQuestion: {row.GetString("question")}?\nAnswer:", ["no", "yes"], row.GetInt32("label"));
}

/// <summary>
/// HellaSwag (lm_eval/tasks/hellaswag/hellaswag.yaml and utils.py): query =
/// <c>preprocess(activity_label + ": " + ctx_a + " " + ctx_b.capitalize())</c>, choices <c>preprocess(ending)</c>, gold
/// <c>int(label)</c>; <c>preprocess</c> strips, turns <c>" [title]"</c> into <c>". "</c>, removes <c>[...]</c> and halves double spaces.
/// </summary>
internal sealed partial class HellaSwagBenchmark : Benchmark
{
    public override string Name => "hellaswag";

    public override string DefaultSplit => "validation";

    public override string Dataset => "Rowan/hellaswag";

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var context = row.GetString("ctx_a") + " " + PyText.Capitalize(row.GetString("ctx_b"));
        var query = Preprocess(row.GetString("activity_label") + ": " + context);
        var endings = row.GetStringList("endings", MaxChoices).Select(Preprocess).ToArray();
        return Checked(row, "endings", "label", query, endings, row.GetInt32("label", allowString: true));
    }

    /// <summary>utils.preprocess.</summary>
    internal static string Preprocess(string text)
    {
        text = PyText.Strip(text);
        text = text.Replace(" [title]", ". ", StringComparison.Ordinal);
        text = Brackets().Replace(text, string.Empty);
        return text.Replace("  ", " ", StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[.*?\]", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Brackets();
}

/// <summary>
/// WinoGrande (lm_eval/tasks/winogrande/default.yaml and preprocess_winogrande.py), partial scoring: one context per
/// option, <c>sentence[:i] + option</c> with i the index of <c>_</c>; the shared continuation <c>sentence[i+1:].strip()</c>
/// is scored; gold <c>{"1": 0, "2": 1}[answer]</c>; acc only.
/// </summary>
internal sealed class WinograndeBenchmark : Benchmark
{
    public override string Name => "winogrande";

    public override string DefaultSplit => "validation";

    public override string Dataset => "allenai/winogrande (winogrande_xl)";

    public override IReadOnlyList<string> Metrics => ["acc"];

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var sentence = row.GetString("sentence");
        var blank = sentence.IndexOf('_', StringComparison.Ordinal);
        if (blank < 0)
        {
            throw row.Error("sentence", "no '_' blank to fill.");
        }

        var gold = row.GetString("answer") switch
        {
            "1" => 0,
            "2" => 1,
            var other => throw row.Error("answer", $"'{other}' is not \"1\" or \"2\" (the test split has no answers)."),
        };
        var prefix = sentence[..blank];
        return new MultipleChoiceDocument(string.Empty, [prefix + row.GetString("option1"), prefix + row.GetString("option2")], gold)
        {
            SharedContinuation = PyText.Strip(sentence[(blank + 1)..]),
        };
    }
}

/// <summary>
/// SuperGLUE WSC, <c>wsc.fixed</c> (lm_eval/tasks/super_glue/wsc/default.yaml and preprocess_wsc.py): the passage with the
/// pronoun marked <c>*pronoun*</c>, then <c>Question: In the passage above, does the pronoun "*{span2}*" refer to "*{span1}*"?\nAnswer:</c>,
/// choices <c>["no", "yes"]</c>, gold <c>label</c>; acc only.
/// </summary>
internal class WscBenchmark : Benchmark
{
    public override string Name => "wsc";

    public override string DefaultSplit => "validation";

    public override string Dataset => "aps/super_glue (wsc.fixed)";

    public override IReadOnlyList<string> Metrics => ["acc"];

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var noun = row.GetString("span1_text");
        var pronoun = row.GetString("span2_text");
        var passage = MarkedPassage(row);
        return Checked(row, "label", "label", $"Passage: {passage}\nQuestion: In the passage above, does the pronoun \"*{pronoun}*\" refer to \"*{noun}*\"?\nAnswer:", ["no", "yes"], row.GetInt32("label"));
    }

    /// <summary>preprocess_wsc.default_doc_to_text's passage: the words before <c>span2_index</c>, the pronoun in asterisks, the rest; detokenized.</summary>
    protected static string MarkedPassage(DatasetRecord row)
    {
        var text = row.GetString("text");
        var pronoun = row.GetString("span2_text");
        var index = row.GetInt32("span2_index");
        var words = PyText.SplitWhitespace(text);
        if (index < 0 || index > words.Length)
        {
            throw row.Error("span2_index", $"{index} is outside the passage's {words.Length} words.");
        }

        var pre = string.Join(' ', words[..index]);
        var post = PyText.SliceFrom(text, PyText.Length(pre) + PyText.Length(pronoun) + 1);
        return PyText.GeneralDetokenize(pre + $" *{pronoun}*" + post);
    }
}

/// <summary>
/// The GPTailor reference code's WSC objective (<c>wsc_custom</c>, SuperGLUE <c>wsc.fixed</c>, train split): the same marked
/// passage, then <c>Does the pronoun # {span2} # refer to * {span1} *?\nA. Yes\nB. No\nAnswer: \n</c>, choices
/// <c>["B", "A"]</c> (label 0 = No = B, 1 = Yes = A); acc only.
/// </summary>
internal sealed class WscCustomBenchmark : WscBenchmark
{
    public override string Name => "wsc_custom";

    public override string DefaultSplit => "train";

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var noun = row.GetString("span1_text");
        var pronoun = row.GetString("span2_text");
        var passage = MarkedPassage(row);
        return Checked(row, "label", "label", $"Passage: {passage}\nDoes the pronoun # {pronoun} # refer to * {noun} *?\nA. Yes\nB. No\nAnswer: \n", ["B", "A"], row.GetInt32("label"));
    }
}

/// <summary>
/// LAMBADA, OpenAI version (lm_eval/tasks/lambada/lambada_openai.yaml): <c>loglikelihood</c> of the last word
/// <c>" " + text.split(" ")[-1]</c> given <c>" ".join(text.split(" ")[:-1])</c>; metrics perplexity (exp of minus the mean
/// per-document log-likelihood) and acc (the last word is the greedy continuation).
/// </summary>
internal sealed class LambadaBenchmark : Benchmark
{
    public override string Name => "lambada_openai";

    public override string DefaultSplit => "test";

    public override string Dataset => "EleutherAI/lambada_openai (default)";

    public override IReadOnlyList<string> Metrics => ["perplexity", "acc"];

    public override (IReadOnlyList<BenchmarkSubtask> Subtasks, IReadOnlyList<BenchmarkGroup> Groups) Build(IReadOnlyList<DatasetRecord> rows, int limit) =>
        ([new BenchmarkSubtask(Name, Version, [], rows.Take(limit).Select(ToPair).ToArray())], []);

    public override MultipleChoiceDocument ToDocument(DatasetRecord row) => throw new NotSupportedException("lambada_openai is a loglikelihood task.");

    internal static LoglikelihoodDocument ToPair(DatasetRecord row)
    {
        var words = row.GetString("text").Split(' ');
        return new LoglikelihoodDocument(string.Join(' ', words[..^1]), " " + words[^1]);
    }
}

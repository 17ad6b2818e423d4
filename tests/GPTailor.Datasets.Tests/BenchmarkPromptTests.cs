using System.Text.Json.Nodes;

namespace GPTailor.Datasets.Tests;

/// <summary>
/// Each built-in task read from a small file with its hub schema; the expected prompts, choices and gold are written by
/// hand from lm-evaluation-harness's task definitions (the file named in each test), not produced by the code under test.
/// </summary>
public sealed class BenchmarkPromptTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Writes the rows in every format (Parquet, Arrow IPC stream, JSON lines) with the task's hub schema, checks that all
    /// three give the same documents, and returns the task read from <paramref name="format"/>.
    /// </summary>
    private LoadedTask Load(string task, string format, Column[] schema, params JsonObject[] rows)
    {
        LoadedTask? chosen = null;
        var all = new List<LoadedTask>();
        foreach (var f in new[] { "parquet", "arrow", "jsonl" })
        {
            var path = _dir.File($"{task}-{format}-{f}/test-00000-of-00001.{f}");
            switch (f)
            {
                case "parquet":
                    DatasetFileWriter.Parquet(path, schema, rows);
                    break;
                case "arrow":
                    DatasetFileWriter.Arrow(path, schema, rows);
                    break;
                default:
                    DatasetFileWriter.JsonLines(path, rows);
                    break;
            }

            var loaded = TaskLoader.Load(new TaskDefinition(task, TaskKind.Benchmark, Path.GetDirectoryName(path)!, task == "lambada_openai" ? "perplexity" : "acc", 1)
            {
                Source = new DatasetSource(task, "test", null, null),
            });
            all.Add(loaded);
            chosen = f == format ? loaded : chosen;
        }

        static string Describe(LoadedTask t) => string.Join("\n", t.Subtasks.Select(s => s.Name + ": " + string.Join(" | ",
            s.Choices.Select(d => $"{d.Context}\u0001{string.Join("\u0002", d.Choices)}\u0001{d.Gold}\u0001{d.SharedContinuation}").Concat(s.Pairs.Select(p => p.ToString())))));
        Assert.All(all, t => Assert.Equal(Describe(all[0]), Describe(t)));
        return chosen!;
    }

    private static void AssertDocument(MultipleChoiceDocument doc, string context, string[] choices, int gold)
    {
        Assert.Equal(context, doc.Context);
        Assert.Equal(choices, doc.Choices);
        Assert.Equal(gold, doc.Gold);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    [InlineData("jsonl")]
    public void Mmlu(string format)
    {
        // lm_eval/tasks/mmlu/default/_default_template_yaml (doc_to_text, doc_to_choice, doc_to_target: answer) and
        // mmlu_high_school_biology.yaml (description: "The following are multiple choice questions (with answers) about high school biology.\n\n").
        var task = Load("mmlu", format, HubSchemas.Mmlu,
            HubSchemas.Row(("question", "  What carries genes?\n"), ("subject", "high_school_biology"), ("choices", HubSchemas.Strings("DNA", "fat", "salt", "air")), ("answer", 0L)),
            HubSchemas.Row(("question", "2+2?"), ("subject", "abstract_algebra"), ("choices", HubSchemas.Strings("3", "4", "5", "6")), ("answer", 1L)));
        Assert.Equal(["mmlu_abstract_algebra", "mmlu_high_school_biology"], task.Subtasks.Select(s => s.Name));
        AssertDocument(task.Subtasks[1].Choices[0],
            "The following are multiple choice questions (with answers) about high school biology.\n\nWhat carries genes?\nA. DNA\nB. fat\nC. salt\nD. air\nAnswer:", ["A", "B", "C", "D"], 0);
        AssertDocument(task.Subtasks[0].Choices[0],
            "The following are multiple choice questions (with answers) about abstract algebra.\n\n2+2?\nA. 3\nB. 4\nC. 5\nD. 6\nAnswer:", ["A", "B", "C", "D"], 1);
        Assert.Equal(["mmlu_stem", "mmlu"], task.Groups.Select(g => g.Name));
        Assert.Equal(["mmlu_abstract_algebra", "mmlu_high_school_biology"], task.Groups[0].Members);
    }

    [Theory]
    [InlineData("arc_easy", "parquet")]
    [InlineData("arc_challenge", "arrow")]
    public void Arc(string name, string format)
    {
        // lm_eval/tasks/arc/arc_easy.yaml: doc_to_text "Question: {{question}}\nAnswer:", doc_to_choice "{{choices.text}}",
        // doc_to_target "{{choices.label.index(answerKey)}}".
        var task = Load(name, format, HubSchemas.Arc, HubSchemas.Row(("id", "Mercury_7"), ("question", "Which is a gas at room temperature?"),
            ("choices", new JsonObject { ["text"] = HubSchemas.Strings("ice", "steam", "granite", "iron"), ["label"] = HubSchemas.Strings("1", "2", "3", "4") }), ("answerKey", "2")));
        AssertDocument(task.Subtasks.Single().Choices.Single(), "Question: Which is a gas at room temperature?\nAnswer:", ["ice", "steam", "granite", "iron"], 1);
        Assert.Equal(["acc", "acc_norm"], task.Metrics);
    }

    [Fact]
    public void HellaSwag()
    {
        // lm_eval/tasks/hellaswag/hellaswag.yaml (doc_to_text "{{query}}", doc_to_choice "choices", doc_to_target "{{label}}") and
        // utils.py: ctx = ctx_a + " " + ctx_b.capitalize(); query = preprocess(activity_label + ": " + ctx); choices = preprocess(ending);
        // preprocess = strip, " [title]" -> ". ", remove "[...]", "  " -> " ".
        var task = Load("hellaswag", "parquet", HubSchemas.HellaSwag, HubSchemas.Row(("ind", 4), ("activity_label", "Home and Garden"),
            ("ctx_a", "[header] How to clean a sink [title] Fill the sink with water."), ("ctx_b", "sCRUB it"), ("ctx", "unused"),
            ("endings", HubSchemas.Strings(" [step] Rinse well. ", "Dry it [title] Done.", "x", "y")), ("source_id", "wikihow~1"), ("split", "val"), ("split_type", "indomain"), ("label", "3")));
        AssertDocument(task.Subtasks.Single().Choices.Single(),
            "Home and Garden: How to clean a sink. Fill the sink with water. Scrub it", [" Rinse well.", "Dry it. Done.", "x", "y"], 3);
    }

    [Fact]
    public void Piqa()
    {
        // lm_eval/tasks/piqa/piqa.yaml: doc_to_text "Question: {{goal}}\nAnswer:", doc_to_choice "{{[sol1, sol2]}}", doc_to_target label.
        var task = Load("piqa", "arrow", HubSchemas.Piqa, HubSchemas.Row(("goal", "How do I boil water?"), ("sol1", "Heat it."), ("sol2", "Freeze it."), ("label", 0L)));
        AssertDocument(task.Subtasks.Single().Choices.Single(), "Question: How do I boil water?\nAnswer:", ["Heat it.", "Freeze it."], 0);
    }

    [Fact]
    public void BoolQ()
    {
        // lm_eval/tasks/super_glue/boolq/default.yaml: doc_to_text "{{passage}}\nQuestion: {{question}}?\nAnswer:", doc_to_choice ["no", "yes"], doc_to_target label.
        var task = Load("boolq", "jsonl", HubSchemas.BoolQ, HubSchemas.Row(("question", "does water boil at 100 c"), ("passage", "Water boils at 100 C at sea level."), ("idx", 0), ("label", 1L)));
        AssertDocument(task.Subtasks.Single().Choices.Single(), "Water boils at 100 C at sea level.\nQuestion: does water boil at 100 c?\nAnswer:", ["no", "yes"], 1);
        Assert.Equal(["acc"], task.Metrics);
    }

    [Fact]
    public void OpenBookQa()
    {
        // lm_eval/tasks/openbookqa/openbookqa.yaml: doc_to_text question_stem, doc_to_choice "{{choices.text}}",
        // doc_to_target "{{choices.label.index(answerKey.lstrip())}}".
        var task = Load("openbookqa", "parquet", HubSchemas.OpenBookQa, HubSchemas.Row(("id", "7-980"), ("question_stem", "The sun is responsible for"),
            ("choices", new JsonObject { ["text"] = HubSchemas.Strings("puppies learning new tricks", "plants sprouting, blooming and wilting"), ["label"] = HubSchemas.Strings("A", "B") }), ("answerKey", " B")));
        AssertDocument(task.Subtasks.Single().Choices.Single(), "The sun is responsible for", ["puppies learning new tricks", "plants sprouting, blooming and wilting"], 1);
    }

    [Fact]
    public void WinograndeScoresTheSharedContinuationAfterEachOption()
    {
        // lm_eval/tasks/winogrande/default.yaml + preprocess_winogrande.py: doc_to_text = {"1": 0, "2": 1}[answer] (the gold),
        // doc_to_choice = [sentence[:idx] + option for option in (option1, option2)], doc_to_target = sentence[idx + 1:].strip().
        var task = Load("winogrande", "arrow", HubSchemas.Winogrande, HubSchemas.Row(("sentence", "The trophy doesn't fit into the suitcase because _ is too large."),
            ("option1", "the trophy"), ("option2", "the suitcase"), ("answer", "2")));
        var doc = task.Subtasks.Single().Choices.Single();
        AssertDocument(doc, string.Empty, ["The trophy doesn't fit into the suitcase because the trophy", "The trophy doesn't fit into the suitcase because the suitcase"], 1);
        Assert.Equal("is too large.", doc.SharedContinuation);
    }

    [Fact]
    public void WscAndTheReferenceCodesVariant()
    {
        // lm_eval/tasks/super_glue/wsc/default.yaml + preprocess_wsc.py (default_doc_to_text) and lm_eval/utils.py (general_detokenize);
        // doc_to_choice ['no', 'yes'], doc_to_target label. The variant follows the reference code's wsc_custom (see README).
        JsonObject[] rows =
        [
            HubSchemas.Row(("text", "Mark told Pete many lies about himself, which Pete included in his book. He should have been more skeptical."),
                ("span1_index", 0), ("span2_index", 13), ("span1_text", "Mark"), ("span2_text", "He"), ("idx", 0), ("label", 0L)),
            HubSchemas.Row(("text", "The man could n't lift his son because he was so weak ."),
                ("span1_index", 0), ("span2_index", 8), ("span1_text", "The man"), ("span2_text", "he"), ("idx", 1), ("label", 1L)),
        ];
        var wsc = Load("wsc", "parquet", HubSchemas.Wsc, rows).Subtasks.Single().Choices;
        AssertDocument(wsc[0], "Passage: Mark told Pete many lies about himself, which Pete included in his book. *He* should have been more skeptical.\n"
            + "Question: In the passage above, does the pronoun \"*He*\" refer to \"*Mark*\"?\nAnswer:", ["no", "yes"], 0);
        AssertDocument(wsc[1], "Passage: The man couldn't lift his son because *he* was so weak.\n"
            + "Question: In the passage above, does the pronoun \"*he*\" refer to \"*The man*\"?\nAnswer:", ["no", "yes"], 1);

        var custom = Load("wsc_custom", "jsonl", HubSchemas.Wsc, rows).Subtasks.Single().Choices;
        AssertDocument(custom[1], "Passage: The man couldn't lift his son because *he* was so weak.\nDoes the pronoun # he # refer to * The man *?\nA. Yes\nB. No\nAnswer: \n", ["B", "A"], 1);
    }

    [Fact]
    public void LambadaSplitsOffTheLastWord()
    {
        // lm_eval/tasks/lambada/lambada_openai.yaml: doc_to_text "{{text.split(' ')[:-1]|join(' ')}}", doc_to_target "{{' '+text.split(' ')[-1]}}".
        var task = Load("lambada_openai", "parquet", HubSchemas.Lambada, HubSchemas.Row(("text", "she looked at the cat  on the mat")));
        Assert.True(task.IsLoglikelihood);
        Assert.Equal(new LoglikelihoodDocument("she looked at the cat  on the", " mat"), task.Subtasks.Single().Pairs.Single());
        Assert.Equal(["perplexity", "acc"], task.Metrics);
    }
}

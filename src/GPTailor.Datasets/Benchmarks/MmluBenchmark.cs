namespace GPTailor.Datasets;

/// <summary>
/// MMLU, lm-eval's <c>mmlu</c> group (lm_eval/tasks/mmlu/default/_default_template_yaml, mmlu_*.yaml, _mmlu*.yaml): 57
/// subtasks <c>mmlu_{subject}</c> in four groups (stem, other, social_sciences, humanities), each group and <c>mmlu</c>
/// the size-weighted mean of its members. Rows are assigned to subtasks by their <c>subject</c> column (so one file of the
/// <c>all</c> configuration or one file per subject both work) and keep their file order; <c>limit</c> applies per
/// subtask. Context: <c>The following are multiple choice questions (with answers) about {subject with spaces}.\n\n</c>
/// then <c>{question.strip()}\nA. {choices[0]}\nB. {choices[1]}\nC. {choices[2]}\nD. {choices[3]}\nAnswer:</c>; choices
/// <c>A</c>..<c>D</c>; gold <c>answer</c>.
/// </summary>
internal sealed class MmluBenchmark : Benchmark
{
    private static readonly (string Group, string[] Subjects)[] Categories =
    [
        ("mmlu_stem", ["abstract_algebra", "anatomy", "astronomy", "college_biology", "college_chemistry", "college_computer_science", "college_mathematics", "college_physics", "computer_security", "conceptual_physics", "electrical_engineering", "elementary_mathematics", "high_school_biology", "high_school_chemistry", "high_school_computer_science", "high_school_mathematics", "high_school_physics", "high_school_statistics", "machine_learning"]),
        ("mmlu_other", ["business_ethics", "clinical_knowledge", "college_medicine", "global_facts", "human_aging", "management", "marketing", "medical_genetics", "miscellaneous", "nutrition", "professional_accounting", "professional_medicine", "virology"]),
        ("mmlu_social_sciences", ["econometrics", "high_school_geography", "high_school_government_and_politics", "high_school_macroeconomics", "high_school_microeconomics", "high_school_psychology", "human_sexuality", "professional_psychology", "public_relations", "security_studies", "sociology", "us_foreign_policy"]),
        ("mmlu_humanities", ["formal_logic", "high_school_european_history", "high_school_us_history", "high_school_world_history", "international_law", "jurisprudence", "logical_fallacies", "moral_disputes", "moral_scenarios", "philosophy", "prehistory", "professional_law", "world_religions"]),
    ];

    /// <summary>The 57 subjects, alphabetically.</summary>
    public static IReadOnlyList<string> Subjects { get; } = Categories.SelectMany(c => c.Subjects).Order(StringComparer.Ordinal).ToArray();

    public override string Name => "mmlu";

    public override string Version => "2";

    public override string DefaultSplit => "test";

    public override string Dataset => "cais/mmlu (all, or one configuration per subject)";

    public override IReadOnlyList<string> Metrics => ["acc"];

    public override (IReadOnlyList<BenchmarkSubtask> Subtasks, IReadOnlyList<BenchmarkGroup> Groups) Build(IReadOnlyList<DatasetRecord> rows, int limit)
    {
        var bySubject = Subjects.ToDictionary(s => s, _ => new List<MultipleChoiceDocument>());
        foreach (var row in rows)
        {
            var subject = row.GetString("subject");
            if (!bySubject.TryGetValue(subject, out var docs))
            {
                throw row.Error("subject", $"'{subject}' is not one of MMLU's 57 subjects.");
            }

            if (docs.Count < limit)
            {
                docs.Add(ToDocument(row));
            }
        }

        var present = Subjects.Where(s => bySubject[s].Count > 0).ToArray();
        if (present.Length == 0)
        {
            throw new TaskFormatException("mmlu: no rows.");
        }

        var subtasks = present.Select(s => new BenchmarkSubtask("mmlu_" + s, "1", bySubject[s], [])).ToArray();
        var groups = Categories
            .Select(c => new BenchmarkGroup(c.Group, "2", c.Subjects.Where(s => bySubject[s].Count > 0).Order(StringComparer.Ordinal).Select(s => "mmlu_" + s).ToArray()))
            .Where(g => g.Members.Count > 0)
            .ToList();
        groups.Add(new BenchmarkGroup("mmlu", Version, groups.Select(g => g.Name).ToArray()));
        return (subtasks, groups);
    }

    public override MultipleChoiceDocument ToDocument(DatasetRecord row)
    {
        var subject = row.GetString("subject");
        var choices = row.GetStringList("choices", MaxChoices);
        if (choices.Count != 4)
        {
            throw row.Error("choices", $"{choices.Count} choices; MMLU's prompt lists exactly 4 (A-D).");
        }

        var context = $"The following are multiple choice questions (with answers) about {subject.Replace('_', ' ')}.\n\n"
            + $"{PyText.Strip(row.GetString("question"))}\nA. {choices[0]}\nB. {choices[1]}\nC. {choices[2]}\nD. {choices[3]}\nAnswer:";
        return Checked(row, "choices", "answer", context, ["A", "B", "C", "D"], row.GetInt32("answer"));
    }
}

using System.Text.Json.Nodes;

namespace GPTailor.Models.Tests;

public sealed class DefaultFamilyBuilderTests(TinyFamilyFixture fixture) : IClassFixture<TinyFamilyFixture>
{
    private BuiltDefaultFamily Family => fixture.Family;

    [Fact]
    public void Family_opens_with_base_and_one_llama_fine_tune_per_skill()
    {
        using var family = ModelFamily.Open(FamilyManifest.Load(Family.FamilyPath));
        Assert.Equal(Skill.All.Count, family.CandidateCount);
        Assert.Equal(Skill.All.Select(s => s.Name), Family.SkillNames);
        Assert.Equal(2, family.LayerCount);
        Assert.Equal("LlamaForCausalLM", family.Architecture);
        Assert.Equal(Family.BaseDirectory, family.BaseDirectory);
        Assert.Equal(Family.FineTuneDirectories, family.Members.Skip(1).Select(m => m.Directory));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Family.BaseDirectory, "config.json")))!;
        Assert.Equal("llama", config["model_type"]!.GetValue<string>());
        Assert.Equal(32, config["hidden_size"]!.GetValue<int>());
    }

    [Fact]
    public void Every_member_carries_the_same_tokenizer_and_it_loads()
    {
        var tokenizer = HfTokenizer.Load(Family.BaseDirectory);
        Assert.InRange(tokenizer.VocabularySize, 258, TinyFamilyFixture.Options.VocabSize);
        Assert.Equal(HfModelConfig.Load(Family.BaseDirectory).VocabSize, tokenizer.VocabularySize);
        foreach (var dir in Family.FineTuneDirectories)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Family.BaseDirectory, "tokenizer.json")), File.ReadAllBytes(Path.Combine(dir, "tokenizer.json")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(Family.BaseDirectory, "tokenizer_config.json")), File.ReadAllBytes(Path.Combine(dir, "tokenizer_config.json")));
        }

        Assert.Equal("add 243+131 = 374", tokenizer.Decode(tokenizer.Encode("add 243+131 = 374", addBos: false)));
    }

    [Fact]
    public void Task_sets_have_one_multiple_choice_task_per_skill_with_the_requested_counts()
    {
        foreach (var (path, count) in new[] { (Family.CalibrationTasksPath, 24), (Family.TestTasksPath, 20) })
        {
            var tasks = TaskSet.Load(path);
            Assert.Equal(Family.SkillNames, tasks.Tasks.Select(t => t.Name));
            foreach (var task in tasks.Tasks)
            {
                Assert.Equal(TaskKind.MultipleChoice, task.Kind);
                var docs = TaskDataReader.ReadMultipleChoice(task.Path);
                Assert.Equal(count, docs.Count);
                Assert.All(docs, d => Assert.Equal(4, d.Choices.Distinct().Count()));
            }
        }
    }

    [Fact]
    public void Calibration_and_test_splits_are_disjoint_and_free_of_duplicates()
    {
        var calibration = TaskSet.Load(Family.CalibrationTasksPath).Tasks;
        var test = TaskSet.Load(Family.TestTasksPath).Tasks;
        for (var i = 0; i < calibration.Count; i++)
        {
            var a = TaskDataReader.ReadMultipleChoice(calibration[i].Path).Select(d => d.Context).ToArray();
            var b = TaskDataReader.ReadMultipleChoice(test[i].Path).Select(d => d.Context).ToArray();
            Assert.Equal(a.Length, a.Distinct().Count());
            Assert.Equal(b.Length, b.Distinct().Count());
            Assert.Empty(a.Intersect(b));
        }
    }

    [Fact]
    public void Training_loss_falls_during_the_base_run()
    {
        var losses = fixture.Reports.Where(r => r.Stage == "base" && r.Loss is not null).Select(r => r.Loss!.Value).ToArray();
        Assert.True(losses.Length >= 2);
        Assert.True(losses[^1] < losses[0] - 0.5, $"loss {losses[0]} → {losses[^1]}");
        var fractions = fixture.Reports.Select(r => r.Fraction).ToArray();
        Assert.Equal(fractions.Order(), fractions);
        Assert.Equal(1.0, fractions[^1]);
    }

    [Fact]
    public async Task A_second_build_with_the_same_options_reuses_the_files()
    {
        var weights = Path.Combine(Family.FineTuneDirectories[0], "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        var written = File.GetLastWriteTimeUtc(weights);
        var reports = new List<DefaultFamilyProgress>();
        var again = await DefaultFamilyBuilder.BuildAsync(Family.Directory, TinyFamilyFixture.Options, new SyncProgress<DefaultFamilyProgress>(reports.Add));
        Assert.True(again.Reused);
        Assert.False(Family.Reused);
        Assert.Equal(Family.FamilyPath, again.FamilyPath);
        Assert.DoesNotContain(reports, r => r.TotalSteps > 0);
        Assert.Equal(bytes, File.ReadAllBytes(weights));
        Assert.Equal(written, File.GetLastWriteTimeUtc(weights));
        Assert.NotNull(DefaultFamilyBuilder.TryOpen(Family.Directory, TinyFamilyFixture.Options));
        Assert.Null(DefaultFamilyBuilder.TryOpen(Family.Directory, TinyFamilyFixture.Options with { Seed = 8 }));
    }

    [Fact]
    public async Task Report_matches_scoring_each_member_loaded_on_its_own()
    {
        var report = await DefaultFamilyReport.EvaluateAsync(Family, useTestSplit: true, questions: 8);
        Assert.Equal(new[] { "base" }.Concat(Family.SkillNames.Select(s => "tuned-" + s)), report.Models);
        Assert.Equal(Family.SkillNames, report.Skills);
        Assert.Equal(8, report.Questions);
        var tokenizer = HfTokenizer.Load(Family.BaseDirectory);
        var tasks = TaskSet.Load(Family.TestTasksPath).Tasks;
        var directories = Family.FineTuneDirectories.Prepend(Family.BaseDirectory).ToArray();
        foreach (var member in new[] { 0, 2 })
        {
            var config = HfModelConfig.Load(directories[member]);
            using var checkpoint = SafetensorsCheckpoint.Open(directories[member]);
            using var model = CausalLanguageModelLoader.Load(checkpoint, config);
            var scorer = new SequenceScorer(model);
            for (var s = 0; s < tasks.Count; s++)
            {
                var docs = TaskDataReader.ReadMultipleChoice(tasks[s].Path, limit: 8);
                var expected = new MultipleChoiceScorer(tokenizer).Score(scorer, docs).Accuracy;
                Assert.Equal(expected, report.Accuracy[member][s], 12);
            }
        }

        Assert.Contains("tuned-sort", report.Format(), StringComparison.Ordinal);
    }
}

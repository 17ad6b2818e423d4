
namespace GPTailor.Models;

/// <summary>Measures the base and every fine-tune (dense) of a default family on its calibration or test tasks.</summary>
public static class DefaultFamilyReport
{
    /// <summary>Scores every member with <see cref="TaskSetEvaluator"/> and <see cref="TailoringPlan.Dense"/> plans.</summary>
    /// <param name="family">The built family.</param>
    /// <param name="useTestSplit">True for the test (report) split, false for the calibration split.</param>
    /// <param name="questions">Questions per skill (the first N of each split); null = all.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    public static async Task<DefaultFamilyAccuracy> EvaluateAsync(BuiltDefaultFamily family, bool useTestSplit = true, int? questions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (questions is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(questions), questions, "At least one question per skill.");
        }

        using var modelFamily = ModelFamily.Open(FamilyManifest.Load(family.FamilyPath));
        var tasks = TaskSet.Load(useTestSplit ? family.TestTasksPath : family.CalibrationTasksPath);
        var tokenizer = HfTokenizer.Load(modelFamily.BaseDirectory);
        using var evaluator = new TaskSetEvaluator(new PlanStitcher(modelFamily), tasks, tokenizer, ownsStitcher: true);
        var budget = new EvaluationBudget(questions ?? int.MaxValue);
        var rows = new List<IReadOnlyList<double>>();
        var counted = 0;
        foreach (var member in modelFamily.Members)
        {
            var plan = TailoringPlan.Dense(modelFamily.LayerCount, modelFamily.CandidateCount, member.Index);
            var scores = await evaluator.EvaluateAsync(plan, budget, cancellationToken).ConfigureAwait(false);
            rows.Add(tasks.Tasks.Select(t => scores[t.Name].Value).ToArray());
            counted = scores.Scores.Min(s => s.Documents);
        }

        return new DefaultFamilyAccuracy(modelFamily.Members.Select(m => m.Name).ToArray(), tasks.Tasks.Select(t => t.Name).ToArray(), rows, counted);
    }
}


namespace GPTailor.Models;

/// <summary>
/// The calibration and test questions of one skill: generated from two different seeds, each deduplicated by context,
/// and disjoint from each other by context.
/// </summary>
internal sealed record SkillSplits(Skill Skill, IReadOnlyList<MultipleChoiceDocument> Calibration, IReadOnlyList<MultipleChoiceDocument> Test)
{
    /// <summary>Every evaluation context of the skill (never used for training).</summary>
    public IEnumerable<string> Contexts => Calibration.Concat(Test).Select(d => d.Context);

    /// <summary>Generates the splits of <paramref name="skill"/>.</summary>
    /// <exception cref="InvalidOperationException">The skill cannot produce that many distinct prompts.</exception>
    public static SkillSplits Create(Skill skill, int skillIndex, DefaultFamilyOptions options)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var calibration = Generate(skill, new Random(SeedMixer.Derive(options.Seed, skillIndex, SeedMixer.Calibration)), options.CalibrationQuestions, used);
        var test = Generate(skill, new Random(SeedMixer.Derive(options.Seed, skillIndex, SeedMixer.Test)), options.TestQuestions, used);
        return new SkillSplits(skill, calibration, test);
    }

    private static List<MultipleChoiceDocument> Generate(Skill skill, Random random, int count, HashSet<string> used)
    {
        var result = new List<MultipleChoiceDocument>(count);
        var attempts = 0;
        while (result.Count < count)
        {
            if (++attempts > (count * 50) + 1000)
            {
                throw new InvalidOperationException($"Skill '{skill.Name}' could not produce {count} distinct questions; ask for fewer.");
            }

            var question = skill.Question(random);
            if (used.Add(question.Context))
            {
                result.Add(question);
            }
        }

        return result;
    }
}

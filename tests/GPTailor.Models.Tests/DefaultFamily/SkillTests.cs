using System.Globalization;

namespace GPTailor.Models.Tests;

public sealed class SkillTests
{
    [Fact]
    public void Arithmetic_answers_are_the_sums_and_distractors_differ()
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var q = new ArithmeticSkill().Question(random);
            var operands = q.Context["add ".Length..^" =".Length].Split('+').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.All(operands, o => Assert.All(o.ToString(CultureInfo.InvariantCulture), c => Assert.InRange(c, '0', '4')));
            Assert.Equal((operands[0] + operands[1]).ToString(CultureInfo.InvariantCulture), q.Choices[q.Gold]);
            Assert.Equal(4, q.Choices.Distinct().Count());
        }
    }

    [Fact]
    public void Count_and_shift_answers_match_independent_computations()
    {
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var c = new CountSkill().Question(random);
            var parts = c.Context["count ".Length..^" =".Length].Split(" in ");
            Assert.Equal(parts[1].Count(x => x == parts[0][0]).ToString(CultureInfo.InvariantCulture), c.Choices[c.Gold]);
            Assert.Equal(4, c.Choices.Distinct().Count());

            var s = new ShiftSkill().Question(random);
            var word = s.Context["shift ".Length..^" =".Length];
            Assert.Equal(string.Concat(word.Select(x => x == 'z' ? 'a' : (char)(x + 1))), s.Choices[s.Gold]);
            Assert.Equal(4, s.Choices.Distinct().Count());
        }
    }

    [Fact]
    public void Other_skill_sets_get_other_cache_keys_and_the_default_family_keeps_its_own()
    {
        // Recorded from the default family's marker written before DefaultFamilyOptions.Skills existed: the default key
        // (and so the cached build and the demo) must not change.
        const string Before = "98a3b099fedb401a4b35852766dd6ff99335fa893dd29f547af11d7aa3617b2c";
        Assert.Equal(Before, new DefaultFamilyOptions().ComputeHash(1));
        Assert.Equal(Before, new DefaultFamilyOptions { Skills = ["arithmetic", "reverse", "sort", "facts"] }.ComputeHash(1));
        Assert.NotEqual(Before, new DefaultFamilyOptions { Skills = ["arithmetic", "reverse"] }.ComputeHash(1));
        Assert.Equal(["sort", "count"], new DefaultFamilyOptions { Skills = ["sort", "count"] }.SkillList.Select(k => k.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DefaultFamilyOptions { Skills = ["sort", "nope"] }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new DefaultFamilyOptions { Skills = ["sort", "sort"] }.Validate());
    }

    [Fact]
    public void Reverse_and_sort_answers_match_independent_computations()
    {
        var random = new Random(2);
        for (var i = 0; i < 200; i++)
        {
            var r = new ReverseSkill().Question(random);
            var word = r.Context["reverse ".Length..^" =".Length];
            var reversed = word.ToCharArray();
            Array.Reverse(reversed);
            Assert.Equal(new string(reversed), r.Choices[r.Gold]);

            var s = new SortSkill().Question(random);
            var letters = s.Context["sort ".Length..^" =".Length].ToCharArray();
            Array.Sort(letters);
            Assert.Equal(new string(letters), s.Choices[s.Gold]);
            Assert.All(s.Choices, c =>
            {
                Assert.Equal(letters.Length, c.Length);
                Assert.Equal(c.OrderBy(x => x).ToArray(), c.ToCharArray());
                Assert.All(c, x => Assert.InRange(x, 'a', 'h'));
            });
            Assert.Equal(4, s.Choices.Distinct().Count());
        }
    }

    [Fact]
    public void Facts_are_consistent_across_questions_and_cover_the_table()
    {
        var random = new Random(3);
        var capitals = new Dictionary<string, string>();
        for (var i = 0; i < 3000; i++)
        {
            var q = new FactsSkill().Question(random);
            var countries = q.Context["capital of ".Length..^" =".Length].Split(" and ");
            var answer = q.Choices[q.Gold].Split(' ');
            Assert.NotEqual(countries[0], countries[1]);
            for (var k = 0; k < 2; k++)
            {
                Assert.Equal(capitals.GetValueOrDefault(countries[k], answer[k]), answer[k]);
                capitals[countries[k]] = answer[k];
            }

            Assert.Equal(4, q.Choices.Distinct().Count());
        }

        Assert.Equal(FactsSkill.FactCount, capitals.Count);
    }

    [Fact]
    public void Questions_are_deterministic_per_seed()
    {
        foreach (var skill in Skill.All)
        {
            var a = Enumerable.Range(0, 20).Select(_ => skill.Question(new Random(5))).Select(q => q.Context + string.Join("|", q.Choices) + q.Gold);
            var b = Enumerable.Range(0, 20).Select(_ => skill.Question(new Random(5))).Select(q => q.Context + string.Join("|", q.Choices) + q.Gold);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void The_training_sampler_never_yields_a_held_out_prompt_and_honours_the_focus_share()
    {
        var options = TinyFamilyFixture.Options with { CalibrationQuestions = 200, TestQuestions = 200 };
        var splits = Skill.All.Select((s, i) => SkillSplits.Create(s, i, options)).ToArray();
        var heldOut = splits.SelectMany(s => s.Contexts).ToHashSet();
        var sampler = new TrainingSampler(Skill.All, heldOut, new Random(4), focus: 2, focusShare: 0.8);
        var drawn = Enumerable.Range(0, 5000).Select(_ => sampler.Next()).ToArray();
        Assert.DoesNotContain(drawn, e => heldOut.Contains(e.Context));
        var sortShare = drawn.Count(e => e.Context.StartsWith("sort ", StringComparison.Ordinal)) / 5000.0;
        Assert.InRange(sortShare, 0.77, 0.83);
        Assert.InRange(drawn.Count(e => e.Context.StartsWith("add ", StringComparison.Ordinal)) / 5000.0, 0.05, 0.085);
    }
}

namespace GPTailor.Models;

/// <summary>
/// Draws training examples: each from its skill with probability <c>focusShare</c> when a focus skill is set, else
/// uniformly from the skills; examples whose context is held out (an evaluation prompt) are redrawn.
/// </summary>
internal sealed class TrainingSampler(IReadOnlyList<Skill> skills, IReadOnlySet<string> heldOut, Random random, int? focus = null, double focusShare = 1)
{
    /// <summary>The next example.</summary>
    public (string Context, string Answer) Next()
    {
        var skill = PickSkill();
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var example = skill.Example(random);
            if (!heldOut.Contains(example.Context))
            {
                return example;
            }
        }

        throw new InvalidOperationException($"Skill '{skill.Name}' produced only held-out prompts.");
    }

    private Skill PickSkill()
    {
        if (focus is not { } f)
        {
            return skills[random.Next(skills.Count)];
        }

        if (skills.Count == 1 || random.NextDouble() < focusShare)
        {
            return skills[f];
        }

        var other = random.Next(skills.Count - 1);
        return skills[other >= f ? other + 1 : other];
    }
}

namespace GPTailor.Models;

/// <summary>
/// Replacing each letter of a short word by the next one in the alphabet (z wraps to a): <c>shift kqfd =</c> →
/// <c>lrge</c>. Distractors shift by two, leave one letter unshifted or swap two letters. Not part of the default family
/// (<see cref="Skill.All"/>); see <see cref="Skill.Extra"/>.
/// </summary>
public sealed class ShiftSkill : Skill
{
    /// <inheritdoc />
    public override string Name => "shift";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        var word = Letters.RandomWord(random, 3, 5);
        return ($"shift {word} =", Shift(word, 1));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(random);
        var word = context["shift ".Length..^2];
        var partial = answer.ToCharArray();
        var keep = random.Next(partial.Length);
        partial[keep] = word[keep];
        return [Shift(word, 2), new string(partial), Letters.SwapTwo(answer, random), Shift(word, -1), word];
    }

    private static string Shift(string word, int by) => new(word.Select(c => (char)('a' + ((c - 'a' + by + 26) % 26))).ToArray());
}

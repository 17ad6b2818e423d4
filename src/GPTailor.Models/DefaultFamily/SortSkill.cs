namespace GPTailor.Models;

/// <summary>
/// Sorting the letters of a short word over a small alphabet, letters may repeat: <c>sort cgaecab =</c> →
/// <c>aabcceg</c>. Distractors are sorted too but have one letter changed into another letter of the word, so they differ from the
/// answer only in how often letters occur: telling them apart needs counting, not just order or membership.
/// </summary>
public sealed class SortSkill : Skill
{
    private const string Alphabet = "abcdefgh";

    /// <inheritdoc />
    public override string Name => "sort";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var word = new string(Enumerable.Range(0, random.Next(7, 11)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        return ($"sort {word} =", new string(word.Order().ToArray()));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var word = context["sort ".Length..^2];
        return Enumerable.Range(0, 8).Select(_ =>
        {
            var chars = word.ToCharArray();
            var i = random.Next(chars.Length);
            var present = word.Where(c => c != chars[i]).Distinct().ToArray();
            var pool = present.Length > 0 ? present : Alphabet.Where(c => c != chars[i]).ToArray();
            chars[i] = pool[random.Next(pool.Length)];
            return new string(chars.Order().ToArray());
        }).ToArray();
    }
}

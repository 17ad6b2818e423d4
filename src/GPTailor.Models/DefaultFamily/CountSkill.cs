using System.Globalization;

namespace GPTailor.Models;

/// <summary>
/// Counting one letter in a short word over a small alphabet: <c>count b in abcbdb =</c> → <c>3</c>. Distractors are
/// nearby counts. Not part of the default family (<see cref="Skill.All"/>); see <see cref="Skill.Extra"/>.
/// </summary>
public sealed class CountSkill : Skill
{
    private const string Alphabet = "abcdef";

    /// <inheritdoc />
    public override string Name => "count";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var word = new string(Enumerable.Range(0, random.Next(6, 11)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        var letter = word[random.Next(word.Length)];
        return ($"count {letter} in {word} =", word.Count(c => c == letter).ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var count = int.Parse(answer, CultureInfo.InvariantCulture);
        return new[] { 1, -1, 2, -2, 3, 4 }.OrderBy(_ => random.Next()).Select(o => count + o).Where(v => v >= 0).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}

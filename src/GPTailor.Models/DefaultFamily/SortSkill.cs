namespace GPTailor.Models.DefaultFamily;

/// <summary>
/// Sorting the letters of a short word: <c>sort kqfdx =</c> → <c>dfkqx</c>. Distractors are sorted too but have one
/// letter replaced, so only a model that copies the right letters can tell them apart.
/// </summary>
public sealed class SortSkill : Skill
{
    /// <inheritdoc />
    public override string Name => "sort";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        var word = Letters.RandomWord(random, 5, 7);
        return ($"sort {word} =", new string(word.Order().ToArray()));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        var word = context["sort ".Length..^2];
        return Enumerable.Range(0, 6).Select(_ => new string(Letters.ReplaceOne(word, random).Order().ToArray())).ToArray();
    }
}

namespace GPTailor.Models.DefaultFamily;

/// <summary>Sorting the letters of a short word: <c>sort kqfd =</c> → <c>dfkq</c>.</summary>
public sealed class SortSkill : Skill
{
    /// <inheritdoc />
    public override string Name => "sort";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        var word = Letters.RandomWord(random, 4, 6);
        return ($"sort {word} =", new string(word.Order().ToArray()));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        var word = context["sort ".Length..^2];
        return [Letters.SwapTwo(answer, random), Letters.SwapTwo(answer, random), new string(answer.Reverse().ToArray()), word, Letters.Shuffle(answer, random)];
    }
}

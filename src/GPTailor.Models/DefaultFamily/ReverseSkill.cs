namespace GPTailor.Models;

/// <summary>Reversing a short word: <c>reverse kqfd =</c> → <c>dfqk</c>.</summary>
public sealed class ReverseSkill : Skill
{
    /// <inheritdoc />
    public override string Name => "reverse";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        var word = Letters.RandomWord(random, 4, 6);
        return ($"reverse {word} =", new string(word.Reverse().ToArray()));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        var word = context["reverse ".Length..^2];
        return [word, Letters.SwapTwo(answer, random), Letters.SwapTwo(answer, random), Letters.Shuffle(answer, random), Letters.SwapTwo(word, random)];
    }
}

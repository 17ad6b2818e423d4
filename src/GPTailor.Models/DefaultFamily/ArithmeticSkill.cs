using System.Globalization;

namespace GPTailor.Models.DefaultFamily;

/// <summary>Two-digit addition: <c>add 47+38 =</c> → <c>85</c>.</summary>
public sealed class ArithmeticSkill : Skill
{
    /// <inheritdoc />
    public override string Name => "arithmetic";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var a = random.Next(10, 100);
        var b = random.Next(10, 100);
        return (string.Create(CultureInfo.InvariantCulture, $"add {a}+{b} ="), (a + b).ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sum = int.Parse(answer, CultureInfo.InvariantCulture);
        int[] offsets = [1, -1, 10, -10, 2, -2, 11, -9];
        return offsets.OrderBy(_ => random.Next()).Select(o => sum + o).Where(v => v > 0).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}

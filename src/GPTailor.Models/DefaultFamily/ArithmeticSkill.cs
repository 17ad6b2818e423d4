using System.Globalization;

namespace GPTailor.Models;

/// <summary>
/// Three-digit addition without carries (every digit 0–4, so each answer digit is the sum of two digits):
/// <c>add 243+131 =</c> → <c>374</c>. Distractors change one or two answer digits.
/// </summary>
public sealed class ArithmeticSkill : Skill
{
    private static readonly int[] Offsets = [1, -1, 2, -2, 10, -10, 20, -20, 100, -100, 11, -11];

    /// <inheritdoc />
    public override string Name => "arithmetic";

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var a = Operand(random);
        var b = Operand(random);
        return (string.Create(CultureInfo.InvariantCulture, $"add {a}+{b} ="), (a + b).ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sum = int.Parse(answer, CultureInfo.InvariantCulture);
        return Offsets.OrderBy(_ => random.Next()).Select(o => sum + o).Where(v => v >= 100 && v <= 999).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static int Operand(Random random) => (100 * random.Next(1, 5)) + (10 * random.Next(0, 5)) + random.Next(0, 5);
}

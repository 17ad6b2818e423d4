namespace GPTailor.Models.DefaultFamily;

/// <summary>Recall of facts from a fixed invented table: <c>capital of varnok =</c> → <c>telsa</c>.</summary>
public sealed class FactsSkill : Skill
{
    private static readonly (string Country, string Capital)[] Table = BuildTable();

    /// <inheritdoc />
    public override string Name => "facts";

    /// <summary>Number of facts in the table.</summary>
    public static int FactCount => Table.Length;

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (country, capital) = Table[random.Next(Table.Length)];
        return ($"capital of {country} =", capital);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random) =>
        Enumerable.Range(0, 6).Select(_ => Table[random.Next(Table.Length)].Capital).ToArray();

    private static (string, string)[] BuildTable()
    {
        // A fixed table made from a fixed seed: the same on every machine and .NET version (System.Random(seed) is stable).
        var random = new Random(20260611);
        var syllables = new[] { "ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "gu", "fe", "hi", "ju", "ba" };
        var names = new HashSet<string>();
        string Name(int parts)
        {
            string n;
            do
            {
                n = string.Concat(Enumerable.Range(0, parts).Select(_ => syllables[random.Next(syllables.Length)]));
            }
            while (!names.Add(n));
            return n;
        }

        return Enumerable.Range(0, 48).Select(_ => (Name(3), Name(2))).ToArray();
    }
}

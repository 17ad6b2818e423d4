namespace GPTailor.Models;

/// <summary>
/// Recall of facts from a fixed invented table, asked two at a time so that there are thousands of distinct prompts:
/// <c>capital of varnok and lomisa =</c> → <c>telsa kaba</c>. Every single fact is seen in training; the evaluation
/// prompts (pairs) are held out from it like those of the other skills, so the task measures recall and composition.
/// </summary>
public sealed class FactsSkill : Skill
{
    private const string Prefix = "capital of ";
    private const string Separator = " and ";
    private static readonly (string Country, string Capital)[] Table = BuildTable();

    /// <inheritdoc />
    public override string Name => "facts";

    /// <summary>Number of facts in the table.</summary>
    public static int FactCount => Table.Length;

    /// <inheritdoc />
    public override (string Context, string Answer) Example(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var first = random.Next(Table.Length);
        var second = (first + 1 + random.Next(Table.Length - 1)) % Table.Length;
        return ($"{Prefix}{Table[first].Country}{Separator}{Table[second].Country} =", $"{Table[first].Capital} {Table[second].Capital}");
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Distractors(string context, string answer, Random random)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(random);
        var parts = answer.Split(' ');
        string Other() => Table[random.Next(Table.Length)].Capital;
        return [$"{parts[1]} {parts[0]}", $"{parts[0]} {Other()}", $"{Other()} {parts[1]}", $"{Other()} {Other()}", $"{parts[0]} {Other()}", $"{Other()} {parts[1]}"];
    }

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

        return Enumerable.Range(0, 120).Select(_ => (Name(3), Name(2))).ToArray();
    }
}

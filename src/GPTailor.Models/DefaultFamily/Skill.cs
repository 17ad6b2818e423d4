
namespace GPTailor.Models;

/// <summary>
/// A skill of the embedded default family: generates training texts (<c>context + " " + answer</c>) and
/// multiple-choice questions with distractors, deterministically from a seed.
/// </summary>
public abstract class Skill
{
    /// <summary>The task name, e.g. <c>arithmetic</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One example: the prompt and its answer.</summary>
    public abstract (string Context, string Answer) Example(Random random);

    /// <summary>Wrong answers for a prompt (distinct from the answer and from each other).</summary>
    public abstract IReadOnlyList<string> Distractors(string context, string answer, Random random);

    /// <summary>A training line: context, the lm-eval target delimiter (a space) and the answer.</summary>
    public string TrainingText(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (context, answer) = Example(random);
        return context + " " + answer;
    }

    /// <summary>A multiple-choice question with four choices, the gold one at a random position.</summary>
    public MultipleChoiceDocument Question(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (context, answer) = Example(random);
        var wrong = Distractors(context, answer, random).Where(d => d != answer).Distinct().Take(3).ToList();
        if (wrong.Count < 3)
        {
            return Question(random);
        }

        var gold = random.Next(4);
        wrong.Insert(gold, answer);
        return new MultipleChoiceDocument(context, wrong, gold);
    }

    /// <summary>The four skills of the default family.</summary>
    public static IReadOnlyList<Skill> All { get; } = [new ArithmeticSkill(), new ReverseSkill(), new SortSkill(), new FactsSkill()];

    /// <summary>Further skills for other families (see <see cref="DefaultFamilyOptions.Skills"/>); never in the default family.</summary>
    public static IReadOnlyList<Skill> Extra { get; } = [new CountSkill(), new ShiftSkill()];

    /// <summary>The skill of that name among <see cref="All"/> and <see cref="Extra"/>.</summary>
    /// <exception cref="ArgumentException">No skill has that name.</exception>
    public static Skill Named(string name) =>
        All.Concat(Extra).FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"No skill named '{name}' (known: {string.Join(", ", All.Concat(Extra).Select(s => s.Name))}).", nameof(name));
}

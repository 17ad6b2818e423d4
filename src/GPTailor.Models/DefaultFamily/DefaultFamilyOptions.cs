using System.Security.Cryptography;
using System.Text;

namespace GPTailor.Models;

/// <summary>
/// Settings of the embedded default family. Every setting takes part in the cache key, so changing any of them builds
/// a new family. The defaults give an 8-layer Llama (hidden 128, about 1.3 M parameters) that builds in three to four minutes
/// on two cores (measured: 219–260 s wall on a shared two-core machine).
/// </summary>
public sealed record DefaultFamilyOptions
{
    /// <summary>Seed of the weight initialisation and of all generated data.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>Decoder layers.</summary>
    public int Layers { get; init; } = 8;

    /// <summary>Hidden size.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>MLP (SwiGLU) intermediate size.</summary>
    public int Intermediate { get; init; } = 256;

    /// <summary>Attention heads (must divide <see cref="Hidden"/>).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads (must divide <see cref="Heads"/>).</summary>
    public int KvHeads { get; init; } = 2;

    /// <summary>Target tokenizer vocabulary (byte-level BPE: 256 bytes + 2 special tokens + merges), at least 258.</summary>
    public int VocabSize { get; init; } = 320;

    /// <summary>Optimizer steps of the base model on the mixture of all skills.</summary>
    public int BaseSteps { get; init; } = 500;

    /// <summary>Optimizer steps of each fine-tune.</summary>
    public int FineTuneSteps { get; init; } = 140;

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Longest training example in tokens; longer examples are an error.</summary>
    public int SequenceLength { get; init; } = 32;

    /// <summary>Peak AdamW learning rate of the base (linear warm-up, cosine decay to a tenth).</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Peak learning rate of the fine-tunes.</summary>
    public double FineTuneLearningRate { get; init; } = 1.5e-3;

    /// <summary>Share of a fine-tune's examples drawn from its own skill; the rest is the mixture of the others.</summary>
    public double FineTuneSkillShare { get; init; } = 0.5;

    /// <summary>
    /// Multiple-choice questions per skill in the calibration (search) split. The demo's search reads at most the first
    /// 300 per skill (its highest Hyperband budget); the rest lets the finalists be compared on more questions.
    /// </summary>
    public int CalibrationQuestions { get; init; } = 1000;

    /// <summary>Multiple-choice questions per skill in the test (report) split, disjoint from calibration.</summary>
    public int TestQuestions { get; init; } = 300;

    /// <summary>
    /// The skills, by name (<see cref="Skill.Named"/>), in order: one fine-tune and one calibration/test task per skill.
    /// Null (default) means <see cref="Skill.All"/>, the embedded default family's four skills.
    /// </summary>
    public IReadOnlyList<string>? Skills { get; init; }

    /// <summary>The skills this family is built from (<see cref="Skills"/>, or <see cref="Skill.All"/> when null).</summary>
    public IReadOnlyList<Skill> SkillList => Skills is null ? Skill.All : Skills.Select(Skill.Named).ToArray();

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        static void Positive(int value, string name, int max)
        {
            if (value < 1 || value > max)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be in 1..{max}.");
            }
        }

        Positive(Layers, nameof(Layers), 64);
        Positive(Hidden, nameof(Hidden), 4096);
        Positive(Intermediate, nameof(Intermediate), 16384);
        Positive(Heads, nameof(Heads), 64);
        Positive(KvHeads, nameof(KvHeads), 64);
        Positive(BaseSteps, nameof(BaseSteps), 1_000_000);
        Positive(FineTuneSteps, nameof(FineTuneSteps), 1_000_000);
        Positive(BatchSize, nameof(BatchSize), 4096);
        Positive(CalibrationQuestions, nameof(CalibrationQuestions), 5000);
        Positive(TestQuestions, nameof(TestQuestions), 5000);
        if (SequenceLength < 8 || SequenceLength > 512)
        {
            throw new ArgumentOutOfRangeException(nameof(SequenceLength), SequenceLength, "SequenceLength must be in 8..512.");
        }

        if (Hidden % Heads != 0 || (Hidden / Heads) % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"Heads must divide Hidden ({Hidden}) into an even head size.");
        }

        if (Heads % KvHeads != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(KvHeads), KvHeads, $"KvHeads must divide Heads ({Heads}).");
        }

        if (VocabSize < 258 || VocabSize > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(VocabSize), VocabSize, "VocabSize must be in 258..4096.");
        }

        if (!(LearningRate > 0 && LearningRate < 1) || !(FineTuneLearningRate > 0 && FineTuneLearningRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), "Learning rates must be in (0, 1).");
        }

        if (Skills is not null && (Skills.Count is < 1 or > 16 || Skills.Distinct().Count() != Skills.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(Skills), "Skills must name 1..16 distinct skills.");
        }

        if (Skills?.FirstOrDefault(n => !Skill.All.Concat(Skill.Extra).Any(s => s.Name == n)) is { } unknown)
        {
            throw new ArgumentOutOfRangeException(nameof(Skills), unknown, $"No skill named '{unknown}' (known: {string.Join(", ", Skill.All.Concat(Skill.Extra).Select(s => s.Name))}).");
        }

        if (!(FineTuneSkillShare > 0 && FineTuneSkillShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FineTuneSkillShare), FineTuneSkillShare, "FineTuneSkillShare must be in (0, 1].");
        }
    }

    /// <summary>A SHA-256 hex digest of every setting and the format version: the cache key.</summary>
    /// <param name="formatVersion">The builder's format version.</param>
    public string ComputeHash(int formatVersion)
    {
        var text = FormattableString.Invariant(
            $"v{formatVersion};{Seed};{Layers};{Hidden};{Intermediate};{Heads};{KvHeads};{VocabSize};{BaseSteps};{FineTuneSteps};{BatchSize};{SequenceLength};{LearningRate:R};{FineTuneLearningRate:R};{FineTuneSkillShare:R};{CalibrationQuestions};{TestQuestions};")
            + string.Join(",", SkillList.Select(s => s.Name)); // the default family's key is unchanged: its skills are Skill.All
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

using GPTailor.Models;

namespace GPTailor.Benchmarks;

/// <summary>The problems of the search benchmark: five families the project builds itself and three synthetic objectives (the last of the reference's 13B size: 40 layers, 3 candidates, 10 removed, 200 dimensions).</summary>
internal static class SearchBenchmarkProblems
{
    /// <summary>Settings shared by the benchmark families: a quarter of the demo family's width, shorter training, fewer questions.</summary>
    private static readonly DefaultFamilyOptions Small = new()
    {
        Hidden = 64,
        Intermediate = 128,
        Heads = 4,
        KvHeads = 2,
        BaseSteps = 300,
        FineTuneSteps = 100,
        CalibrationQuestions = BenchmarkProblem.CalibrationDocuments,
        TestQuestions = 200,
    };

    /// <summary>Every problem, synthetic ones first (they are cheap).</summary>
    public static IReadOnlyList<BenchmarkProblem> All() =>
    [
        new SyntheticProblem("syn-12x3", layers: 12, candidates: 3, removals: 3, tasks: 3, seed: 1),
        new SyntheticProblem("syn-16x4", layers: 16, candidates: 4, removals: 7, tasks: 2, seed: 2),
        new SyntheticProblem("syn-40x3", layers: 40, candidates: 3, removals: 10, tasks: 2, seed: 3),
        new FamilyProblem("fam-8x2", Small with { Layers = 8, Skills = ["arithmetic", "reverse"], Seed = 101 }, 0.25),
        new FamilyProblem("fam-12x3", Small with { Layers = 12, Skills = ["sort", "facts", "count"], Seed = 102 }, 0.40),
        new FamilyProblem("fam-16x4", Small with { Layers = 16, Skills = ["arithmetic", "sort", "shift", "facts"], Seed = 103 }, 0.25),
        new FamilyProblem("fam-12x3b", Small with { Layers = 12, Skills = ["reverse", "shift", "count"], Seed = 104 }, 0.25),
        new FamilyProblem("fam-16x2", Small with { Layers = 16, Skills = ["arithmetic", "count"], Seed = 105 }, 0.40),
    ];

    /// <summary>
    /// Families kept out of every choice of settings (third session), to check a choice made on <see cref="All"/>: run only
    /// when named with <c>--families</c>, and not part of the default run.
    /// </summary>
    public static IReadOnlyList<BenchmarkProblem> HeldOut() =>
    [
        new FamilyProblem("held-10x3", Small with { Layers = 10, Skills = ["facts", "shift", "arithmetic"], Seed = 201 }, 0.30),
        new FamilyProblem("held-14x2", Small with { Layers = 14, Skills = ["sort", "reverse"], Seed = 202 }, 0.25),
    ];

    /// <summary>The problems of <c>--quick</c>: the synthetic objectives and the smallest family.</summary>
    public static IReadOnlyList<string> Quick { get; } = ["syn-12x3", "syn-16x4", "syn-40x3", "fam-8x2"];
}

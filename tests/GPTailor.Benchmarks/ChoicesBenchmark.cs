using System.Diagnostics;
using System.Globalization;
using GPTailor.Models;

namespace GPTailor.Benchmarks;

/// <summary>
/// Multiple-choice scoring of the default family's calibration tasks: every (context, choice) pair as its own sequence
/// (lm-eval's layout) against one packed row per question (the context run once), on the dense base. Prints both
/// times, the ratio and the largest difference between the two log-likelihoods.
/// </summary>
public static class ChoicesBenchmark
{
    public static int Run(string[] args)
    {
        var directory = args.SkipWhile(a => a != "--family-dir").Skip(1).FirstOrDefault() ?? DefaultFamilyBuilder.DefaultDirectory;
        var built = DefaultFamilyBuilder.TryOpen(directory, new DefaultFamilyOptions());
        if (built is null)
        {
            Console.Error.WriteLine($"No default family in {directory}: run the demo first (or pass --family-dir).");
            return 1;
        }

        var batch = int.Parse(args.SkipWhile(a => a != "--batch").Skip(1).FirstOrDefault() ?? "64", CultureInfo.InvariantCulture);
        using var family = ModelFamily.Open(FamilyManifest.Load(built.FamilyPath));
        using var stitcher = new PlanStitcher(family, new StitcherOptions());
        using var model = stitcher.Build(TailoringPlan.Dense(family.LayerCount, family.CandidateCount));
        var tokenizer = HfTokenizer.Load(family.BaseDirectory);
        var docs = TaskSet.Load(built.CalibrationTasksPath).Tasks.SelectMany(t => TaskDataReader.ReadMultipleChoice(t.Path)).ToArray();
        var pairs = docs.SelectMany(d => d.Choices.Select(c => ContinuationEncoder.Encode(tokenizer, d.Context, " " + c))).ToArray();
        var groups = docs.Select(d => d.Choices.Select(c => ContinuationEncoder.Encode(tokenizer, d.Context, " " + c)).ToArray())
            .Select(p => (p[0].Context, (IReadOnlyList<int[]>)p.Select(x => x.Continuation).ToArray())).ToArray();
        var scorer = new SequenceScorer(model.Model, new ScoringOptions(BatchSize: batch, MaxLength: 256));
        scorer.ScoreChoiceGroups(groups.Take(batch).ToArray());
        var w = Stopwatch.StartNew();
        var pairwise = scorer.ScoreContinuations(pairs);
        var pairwiseSeconds = w.Elapsed.TotalSeconds;
        w.Restart();
        var packed = scorer.ScoreChoiceGroups(groups).SelectMany(g => g).ToArray();
        var packedSeconds = w.Elapsed.TotalSeconds;
        var maxDiff = pairwise.Zip(packed, (a, b) => Math.Abs(a - b)).Max();
        long pairTokens = pairs.Sum(p => p.Context.Length + p.Continuation.Length);
        long packedTokens = groups.Sum(g => g.Context.Length + g.Item2.Sum(c => c.Length));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| quantity | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(inv, $"| questions × choices | {docs.Length} × {pairs.Length / (double)docs.Length:F1} (calibration splits, dense base, batch {batch}) |"));
        Console.WriteLine(string.Create(inv, $"| tokens run: pairwise / packed | {pairTokens} / {packedTokens} ({(double)pairTokens / packedTokens:F2}×) |"));
        Console.WriteLine(string.Create(inv, $"| time: pairwise / packed | {pairwiseSeconds * 1000:F0} ms / {packedSeconds * 1000:F0} ms |"));
        Console.WriteLine(string.Create(inv, $"| **speed-up** | **{pairwiseSeconds / packedSeconds:F2}×** |"));
        Console.WriteLine(string.Create(inv, $"| largest log-likelihood difference (float32) | {maxDiff:E1} |"));
        return 0;
    }
}

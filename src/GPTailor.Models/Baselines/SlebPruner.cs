
namespace GPTailor.Models;

/// <summary>
/// SLEB (Song et al. 2024): n greedy rounds; each round removes the layer whose removal gives the lowest calibration
/// perplexity (total NLL over the calibration sequences), the model of each trial built by the stitcher as
/// <see cref="TailoringPlan.BaseWithout"/>. Cost n·N evaluations. Ties go to the lower layer index.
/// </summary>
internal static class SlebPruner
{
    public static IReadOnlyList<int> Select(PlanStitcher stitcher, IReadOnlyList<int[]> calibration, int remove, BaselineOptions options, CancellationToken cancellationToken)
    {
        int n = stitcher.Family.LayerCount, k = stitcher.Family.CandidateCount;
        var removed = new List<int>();
        var scoring = new ScoringOptions(options.BatchSize, options.MaxLength);
        for (int round = 0; round < remove; round++)
        {
            int best = -1;
            double bestNll = double.PositiveInfinity;
            foreach (var layer in Enumerable.Range(0, n).Except(removed))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var model = stitcher.Build(TailoringPlan.BaseWithout(n, k, removed.Append(layer)));
                var nll = new SequenceScorer(model.Model, scoring).ScoreNll(calibration, cancellationToken: cancellationToken).TotalNll;
                if (nll < bestNll || best < 0)
                {
                    best = layer;
                    bestNll = nll;
                }
            }

            removed.Add(best);
            options.Progress?.Report($"sleb: round {round + 1}/{remove} removes layer {best} (calibration NLL {bestNll:G6})");
        }

        return removed;
    }
}

namespace GPTailor.Search.Tests;

/// <summary>Hyperband tells the values of one Tell call under the scalarizer's current θ and normalisation.</summary>
public sealed class HyperbandRescalarisationTests
{
    [Theory]
    [InlineData(HyperbandTellMode.LastValue)]
    [InlineData(HyperbandTellMode.LevelEncoded)]
    public void ToldValuesAreRecomputedWithTheCurrentParEgoState(HyperbandTellMode mode)
    {
        var box = SearchBox.Cube(2, 0, 1);
        var optimizer = new RecordingOptimizer(new RandomSearch(box, new RandomSearchOptions { Seed = 4, BatchSize = 17 }));
        var scheduler = new HyperbandScheduler(optimizer, new HyperbandOptions { MaxBrackets = 1, Promotion = PromotionRule.Scalar, Tell = mode });
        var scalarizer = new ParEgoScalarizer(2, seed: 6);
        scheduler.UseScalarizer(scalarizer);
        var costs = new Dictionary<long, double[]>();

        // Stage by stage as the driver does: a new θ per batch, the batch's costs observed, then scalarised and reported.
        var told = 0;
        while (!scheduler.IsComplete)
        {
            var batch = scheduler.Next();
            scalarizer.BeginIteration();
            foreach (var r in batch)
            {
                costs[r.Point.Id] = [r.Point.Coordinates[0] * (2000.0 / r.Budget), r.Point.Coordinates[1]];
                scalarizer.Observe(costs[r.Point.Id]);
            }

            scheduler.Report(batch.Select(r => new TrialOutcome(r, scalarizer.Scalarize(costs[r.Point.Id]), costs[r.Point.Id])).ToArray());

            // Hand computation of what this report told: θ and bounds of now, costs of the configuration's last stage.
            var theta = scalarizer.Theta;
            var state = scalarizer.SaveState();
            var min = state["min"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
            var max = state["max"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
            var level = Array.IndexOf(new[] { 111, 333, 1000 }, batch[0].Budget);
            foreach (var o in optimizer.Told.Skip(told))
            {
                var c = costs[o.Point.Id];
                var f = c.Select((v, i) => (v - min[i]) / (max[i] - min[i])).ToArray();
                var g = Math.Max(theta[0] * f[0], theta[1] * f[1]) + (0.05 * ((theta[0] * f[0]) + (theta[1] * f[1])));
                Assert.Equal(mode == HyperbandTellMode.LastValue ? g : 2 - level + 0.5 + (Math.Atan(g) / Math.PI), o.Value, 12);
            }

            told = optimizer.Told.Count;
        }

        Assert.Equal(9, told);
    }
}

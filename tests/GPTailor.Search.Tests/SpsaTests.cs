using Xunit.Abstractions;

namespace GPTailor.Search.Tests;

public sealed class SpsaTests(ITestOutputHelper output)
{
    private static readonly double[] Optimum = [0.7, -1.2, 0.3, 1.5, -0.4];
    private static readonly SearchBox Box = SearchBox.Cube(5, -2, 2);

    private static double FinalError(int pairs, ulong seed, double noise, int iterations)
    {
        var spsa = new Spsa(Box, new SpsaOptions { Seed = seed, PairsPerStep = pairs, MaxIterations = iterations, InitialPoint = [1.5, 1.5, -1.5, -1.5, 1.5] });
        var rng = new Random((int)seed);
        OptimizerRunner.RunToStop(spsa, x => Distance(x) + noise * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()), long.MaxValue);
        Assert.Equal(iterations, spsa.Iteration);
        Assert.Equal(2L * pairs * iterations, spsa.Evaluations);
        return Math.Sqrt(Distance(spsa.CurrentEstimate));
    }

    private static double Distance(IReadOnlyList<double> x) => x.Select((v, i) => (v - Optimum[i]) * (v - Optimum[i])).Sum();

    [Fact]
    public void ConvergesNearTheOptimumOfANoisyQuadratic()
    {
        // Start error is 4.9 (box [-2, 2]^5); noise sd 0.1 on f.
        var errors = Enumerable.Range(1, 5).Select(s => FinalError(1, (ulong)s, 0.1, 1000)).ToArray();
        output.WriteLine(string.Join(", ", errors));
        Assert.All(errors, e => Assert.True(e < 0.3, $"error {e}"));
    }

    [Fact]
    public void ConvergesToTheOptimumWithoutNoise()
    {
        var errors = Enumerable.Range(1, 3).Select(s => FinalError(1, (ulong)s, 0, 1000)).ToArray();
        output.WriteLine(string.Join(", ", errors));
        Assert.All(errors, e => Assert.True(e < 1e-3, $"error {e}"));
    }

    [Fact]
    public void AveragingPerturbationPairsReducesTheError()
    {
        var single = Enumerable.Range(1, 10).Select(s => FinalError(1, (ulong)s, 1.0, 300)).Average(e => e * e);
        var averaged = Enumerable.Range(1, 10).Select(s => FinalError(4, (ulong)s, 1.0, 300)).Average(e => e * e);
        output.WriteLine($"MSE single {single}, averaged {averaged}");
        Assert.True(averaged < 0.6 * single, $"averaged {averaged} vs single {single}");
    }

    [Fact]
    public void AskedPointsAreProjectedIntoTheBoxAndWhole()
    {
        var box = new SearchBox([0, 0], [1, 10], [DimensionKind.Continuous, DimensionKind.Integer]);
        var spsa = new Spsa(box, new SpsaOptions { InitialPoint = [1, 0], Perturbation = 0.3, PairsPerStep = 2, MaxIterations = 50 });
        while (spsa.StopReason is null)
        {
            var asked = spsa.Ask();
            Assert.Equal(4, asked.Count);
            Assert.All(asked, c => Assert.True(box.Contains(c.Coordinates)));
            spsa.Tell(asked.Select(c => new Observation(c, c.Coordinates[1])).ToArray());
        }

        Assert.Empty(spsa.Ask());
    }

    [Fact]
    public void DiscretePerturbationsFlipFlagsThatTheContinuousOneCannot()
    {
        // 100 binary coordinates at whole values: c = 0.05 never crosses a rounding threshold, so both points of a pair
        // equal the start; a discrete perturbation of 0.55 on a fifth of them flips each perturbed flag on one side.
        var box = new SearchBox(new double[100], Enumerable.Repeat(1.0, 100).ToArray(), Enumerable.Repeat(DimensionKind.Binary, 100).ToArray());
        var start = Enumerable.Range(0, 100).Select(i => (double)(i % 2)).ToArray();
        static int Flips(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b).Count(p => p.First != p.Second);

        var old = new Spsa(box, new SpsaOptions { Seed = 5, InitialPoint = start }).Ask();
        Assert.All(old, p => Assert.Equal(0, Flips(p.Coordinates, start)));

        var spsa = new Spsa(box, new SpsaOptions { Seed = 5, InitialPoint = start, DiscretePerturbation = 0.55, DiscreteShare = 0.2 });
        var flips = new List<int>();
        for (var step = 0; step < 50; step++)
        {
            var pair = spsa.Ask();
            var (plus, minus) = (Flips(pair[0].Coordinates, start), Flips(pair[1].Coordinates, start));
            Assert.Equal(Flips(pair[0].Coordinates, pair[1].Coordinates), plus + minus); // each perturbed flag flips on exactly one side
            flips.Add(plus + minus);
            spsa.Tell(pair.Select(c => new Observation(c, 0.0)).ToArray()); // no gradient: θ stays at the start
        }

        Assert.InRange(flips.Average(), 15, 25); // Binomial(100, 0.2): mean 20, sd 4 per pair; the mean of 50 has sd 0.57
    }

    [Fact]
    public void SavedStateContinuesIdentically()
    {
        var options = new SpsaOptions { Seed = 3, PairsPerStep = 3, MaxIterations = 40 };
        var a = new Spsa(Box, options);
        for (var i = 0; i < 5; i++)
        {
            var asked = a.Ask();
            a.Tell(asked.Select(c => new Observation(c, Distance(c.Coordinates))).ToArray());
        }

        a.Tell([new Observation(a.Ask()[2], 1.0)]);
        StateAssert.ContinuesIdentically(a, new Spsa(Box, options), Distance, 100);
        Assert.Throws<ArgumentException>(() => new Spsa(Box, new SpsaOptions { PairsPerStep = 0 }));
    }
}

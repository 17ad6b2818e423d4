using Xunit.Abstractions;

namespace GPTailor.Search.Tests;

public sealed class CmaEsConvergenceTests(ITestOutputHelper output)
{
    private static readonly SearchBox Box10 = SearchBox.Cube(10, -10, 10);

    private static CmaEs Create(double x0, double sigma0, ulong seed, SearchBox? box = null) =>
        new(box ?? Box10, new CmaEsOptions { Mean0 = Enumerable.Repeat(x0, (box ?? Box10).Dimension).ToArray(), Sigma0 = sigma0, Seed = seed });

    private long[] Evaluations(Func<IReadOnlyList<double>, double> f, double x0, double sigma0, int seeds, long budget)
    {
        var result = new long[seeds];
        for (var s = 0; s < seeds; s++)
        {
            result[s] = OptimizerRunner.EvaluationsToTarget(Create(x0, sigma0, (ulong)s + 1), f, 1e-8, budget) ?? long.MaxValue;
        }

        output.WriteLine(string.Join(", ", result));
        return result;
    }

    [Fact]
    public void SphereTenDimensionsMeetsThePublishedBudget()
    {
        var evaluations = Evaluations(TestFunctions.Sphere, 1, 0.5, 20, 10_000);
        Assert.True(OptimizerRunner.Median(evaluations) <= 1600, $"median {OptimizerRunner.Median(evaluations)}");
        Assert.True(evaluations.Max() <= 2000, $"max {evaluations.Max()}");
    }

    [Fact]
    public void EllipsoidTenDimensionsMedianWithinFiveThousand()
    {
        var evaluations = Evaluations(TestFunctions.Ellipsoid, 1, 0.5, 20, 20_000);
        Assert.True(OptimizerRunner.Median(evaluations) <= 5000, $"median {OptimizerRunner.Median(evaluations)}");
    }

    [Fact]
    public void RosenbrockTenDimensionsSolvedInNineOfTenSeeds()
    {
        var evaluations = Evaluations(TestFunctions.Rosenbrock, 0.1, 0.3, 10, 8000);
        Assert.True(evaluations.Count(e => e <= 8000) >= 9, string.Join(",", evaluations));
    }

    [Fact]
    public void RotatedEllipsoidCostsLessThanTwiceTheUnrotatedOne()
    {
        var rotation = TestFunctions.RandomRotation(10, 12345);
        var plain = Evaluations(TestFunctions.Ellipsoid, 1, 0.5, 10, 20_000);
        var rotated = Evaluations(x => TestFunctions.Ellipsoid(TestFunctions.Multiply(rotation, x)), 1, 0.5, 10, 40_000);
        Assert.True(OptimizerRunner.Median(rotated) < 2 * OptimizerRunner.Median(plain), $"{OptimizerRunner.Median(rotated)} vs {OptimizerRunner.Median(plain)}");
    }

    [Fact]
    public void IpopSolvesRastriginInMostSeeds()
    {
        var box = SearchBox.Cube(10, -5.12, 5.12);
        var solved = 0;
        const int seeds = 10;
        var counts = new List<string>();
        for (var s = 0; s < seeds; s++)
        {
            var cma = new CmaEs(box, new CmaEsOptions { Sigma0 = 2, Seed = (ulong)s + 100, Restarts = CmaRestartStrategy.Ipop, MaxRestarts = 9, MaxEvaluations = 200_000 });
            var e = OptimizerRunner.EvaluationsToTarget(cma, TestFunctions.Rastrigin, 1e-8, 200_000);
            counts.Add($"{e?.ToString() ?? "fail"}@{cma.RestartCount}");
            solved += e is null ? 0 : 1;
        }

        output.WriteLine(string.Join(", ", counts));
        Assert.True(solved >= 6, string.Join(", ", counts));
    }
}

using Xunit.Abstractions;

namespace GPTailor.Search.Tests;

public sealed class CmaEsBoundsTests(ITestOutputHelper output)
{
    [Fact]
    public void AskedPointsStayInTheBoxWhenTheOptimumIsOutside()
    {
        var box = new SearchBox([0, 0, 0, -2], [1, 1, 1, 2], [DimensionKind.Continuous, DimensionKind.Continuous, DimensionKind.Binary, DimensionKind.Integer]);
        var cma = new CmaEs(box, new CmaEsOptions { Seed = 9, Sigma0 = 2 });
        var asked = 0;
        while (asked < 3000 && cma.StopReason == CmaEsStopReason.None)
        {
            var batch = cma.Ask();
            foreach (var c in batch)
            {
                Assert.True(box.Contains(c.Coordinates));
                Assert.True(c.Coordinates[2] is 0.0 or 1.0);
            }

            asked += batch.Count;
            cma.Tell(batch.Select(c => new Observation(c, (c.Coordinates[0] - 5) * (c.Coordinates[0] - 5) + (c.Coordinates[1] + 3) * (c.Coordinates[1] + 3) + c.Coordinates[3])).ToArray());
        }

        Assert.Equal(1.0, cma.Best!.Point.Coordinates[0]);
        Assert.Equal(0.0, cma.Best.Point.Coordinates[1]);
        Assert.Equal(-2.0, cma.Best.Point.Coordinates[3]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneMaxAndLeadingOnesAreSolved(bool leadingOnes)
    {
        var n = leadingOnes ? 20 : 40;
        var box = new SearchBox(new double[n], Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Repeat(DimensionKind.Binary, n).ToArray());
        var solved = 0;
        for (var seed = 0; seed < 5; seed++)
        {
            var cma = new CmaEs(box, new CmaEsOptions { Seed = (ulong)seed, MaxEvaluations = 60_000 });
            Func<IReadOnlyList<double>, double> f = leadingOnes
                ? x => n - x.TakeWhile(v => v == 1).Count()
                : x => n - x.Sum();
            var e = OptimizerRunner.EvaluationsToTarget(cma, f, 0.5, 60_000);
            output.WriteLine($"{seed}: {e} {cma.StopReason} {cma.Evaluations} {cma.Best!.Value}");
            solved += e is null ? 0 : 1;
        }

        Assert.Equal(5, solved);
    }

    [Fact]
    public void WithoutMarginFlagsCanFreeze()
    {
        // Control for the test above: the same LeadingOnes runs with the margin off stall in some seeds.
        const int n = 20;
        var box = new SearchBox(new double[n], Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Repeat(DimensionKind.Binary, n).ToArray());
        var solved = 0;
        for (var seed = 0; seed < 5; seed++)
        {
            var cma = new CmaEs(box, new CmaEsOptions { Seed = (ulong)seed, MaxEvaluations = 60_000, UseMargin = false });
            var e = OptimizerRunner.EvaluationsToTarget(cma, x => n - x.TakeWhile(v => v == 1).Count(), 0.5, 60_000);
            output.WriteLine($"{seed}: {e} {cma.StopReason} {cma.Evaluations} {cma.Best!.Value}");
            solved += e is null ? 0 : 1;
        }

        Assert.True(solved < 5);
    }

    [Fact]
    public void MixedIntegerProblemIsSolved()
    {
        // f = sum of (x_i - 0.3)^2 over 5 continuous + sum of (z_j - 2)^2 over 5 integers in [-10, 10] + 5 flags wanting 1.
        var kinds = Enumerable.Repeat(DimensionKind.Continuous, 5).Concat(Enumerable.Repeat(DimensionKind.Integer, 5)).Concat(Enumerable.Repeat(DimensionKind.Binary, 5)).ToArray();
        var lower = Enumerable.Repeat(-10.0, 10).Concat(Enumerable.Repeat(0.0, 5)).ToArray();
        var upper = Enumerable.Repeat(10.0, 10).Concat(Enumerable.Repeat(1.0, 5)).ToArray();
        var box = new SearchBox(lower, upper, kinds);
        for (var seed = 0; seed < 5; seed++)
        {
            var cma = new CmaEs(box, new CmaEsOptions { Seed = (ulong)seed, Sigma0 = 3, MaxEvaluations = 20_000 });
            double F(IReadOnlyList<double> x) =>
                x.Take(5).Sum(v => (v - 0.3) * (v - 0.3)) + x.Skip(5).Take(5).Sum(v => (v - 2) * (v - 2)) + x.Skip(10).Sum(v => 1 - v);
            var e = OptimizerRunner.EvaluationsToTarget(cma, F, 1e-6, 20_000);
            output.WriteLine($"{seed}: {e}");
            Assert.NotNull(e);
        }
    }
}

using Xunit.Abstractions;

namespace GPTailor.Search.Tests;

public sealed class CmaEsTerminationTests(ITestOutputHelper output)
{
    [Fact]
    public void ConstantFunctionStopsOnFunctionValueStagnation()
    {
        var cma = new CmaEs(SearchBox.Cube(5, -10, 10), new CmaEsOptions { Sigma0 = 1, Seed = 3 });
        OptimizerRunner.RunToStop(cma, _ => 42.0, 100_000);
        Assert.Equal(CmaEsStopReason.FunctionValueStagnation, cma.StopReason);
        // TolFun needs a full history of 10 + ceil(30 n / λ) = 10 + ceil(150 / 8) = 29 generations of λ = 8.
        Assert.Equal(29 * 8, cma.Evaluations);
    }

    [Fact]
    public void TinySigmaOnAnUnboundedSlopeStopsOnDivergence()
    {
        var cma = new CmaEs(SearchBox.Cube(4, -1e6, 1e6), new CmaEsOptions { Sigma0 = 1e-9, Mean0 = [0, 0, 0, 0], Seed = 5, TolUpSigma = 1e12 });
        OptimizerRunner.RunToStop(cma, x => -x.Sum(v => v * v), 1_000_000);
        output.WriteLine($"{cma.StopReason} after {cma.Evaluations}, sigma {cma.Sigma}");
        Assert.Equal(CmaEsStopReason.Divergence, cma.StopReason);
    }

    [Fact]
    public void SphereRunsDownToStepSizeOrStagnationStop()
    {
        var cma = new CmaEs(SearchBox.Cube(3, -10, 10), new CmaEsOptions { Sigma0 = 1, Mean0 = [1, 1, 1], Seed = 2 });
        OptimizerRunner.RunToStop(cma, TestFunctions.Sphere, 100_000);
        Assert.Contains(cma.StopReason, new[] { CmaEsStopReason.FunctionValueStagnation, CmaEsStopReason.StepSizeTooSmall, CmaEsStopReason.NoEffect });
        Assert.True(cma.Best!.Value < 1e-12);
    }

    [Fact]
    public void MaxEvaluationsIsNeverExceeded()
    {
        var cma = new CmaEs(SearchBox.Cube(3, -10, 10), new CmaEsOptions { Seed = 2, MaxEvaluations = 23 });
        OptimizerRunner.RunToStop(cma, TestFunctions.Sphere, 1000);
        Assert.Equal(23, cma.Evaluations);
        Assert.Equal(CmaEsStopReason.MaxEvaluations, cma.StopReason);
        Assert.Empty(cma.Ask());
    }

    [Fact]
    public void TargetValueStopsAtTheEndOfTheGeneration()
    {
        var cma = new CmaEs(SearchBox.Cube(3, -10, 10), new CmaEsOptions { Seed = 2, TargetValue = 1e-3 });
        OptimizerRunner.RunToStop(cma, TestFunctions.Sphere, 100_000);
        Assert.Equal(CmaEsStopReason.TargetReached, cma.StopReason);
        Assert.True(cma.Best!.Value <= 1e-3);
        Assert.Equal(0, cma.Evaluations % cma.PopulationSize);
    }

    [Fact]
    public void IpopDoublesThePopulationAndEndsWithRestartsExhausted()
    {
        var cma = new CmaEs(SearchBox.Cube(2, -5, 5), new CmaEsOptions { Seed = 2, Restarts = CmaRestartStrategy.Ipop, MaxRestarts = 3 });
        OptimizerRunner.RunToStop(cma, _ => 1.0, 1_000_000);
        Assert.Equal(CmaEsStopReason.RestartsExhausted, cma.StopReason);
        Assert.Equal(new[] { 6, 12, 24, 48 }, cma.Runs.Select(r => r.PopulationSize));
        Assert.All(cma.Runs, r => Assert.Equal(CmaEsStopReason.FunctionValueStagnation, r.StopReason));
    }

    [Fact]
    public void BipopInterleavesSmallAndLargeRegimes()
    {
        var cma = new CmaEs(SearchBox.Cube(5, -5.12, 5.12), new CmaEsOptions { Seed = 4, Sigma0 = 2, Restarts = CmaRestartStrategy.Bipop, MaxRestarts = 8 });
        OptimizerRunner.RunToStop(cma, TestFunctions.Rastrigin, 2_000_000);
        Assert.Equal(CmaEsStopReason.RestartsExhausted, cma.StopReason);
        Assert.Equal(9, cma.Runs.Count);
        Assert.Contains(cma.Runs, r => r.SmallRegime);
        var large = cma.Runs.Where(r => !r.SmallRegime).Select(r => r.PopulationSize).ToArray();
        Assert.Equal(large.Select((_, i) => 8 << i), large);
        Assert.All(cma.Runs.Where(r => r.SmallRegime), r => Assert.InRange(r.PopulationSize, 2, 8 * 1 << 8));
    }
}

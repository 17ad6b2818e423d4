namespace GPTailor.Search.Tests;

/// <summary>SMAC's log-EI and the plain EI against numerical integration of their definitions.</summary>
public sealed class LogExpectedImprovementTests
{
    /// <summary>∫ g(y) φ((y − μ)/σ)/σ dy over [μ − 12σ, μ + 12σ] by composite Simpson with 200 000 intervals.</summary>
    private static double Expect(Func<double, double> g, double mean, double sigma)
    {
        const int n = 200_000;
        var a = mean - (12 * sigma);
        var h = 24 * sigma / n;
        var sum = 0.0;
        for (var i = 0; i <= n; i++)
        {
            var y = a + (i * h);
            var z = (y - mean) / sigma;
            var f = g(y) * Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3;
    }

    [Theory]
    [InlineData(-1.0, 0.25, -1.2)]
    [InlineData(-1.0, 0.25, -0.5)]
    [InlineData(-3.0, 1.0, -2.0)]
    [InlineData(0.0, 0.01, -0.3)]
    [InlineData(-0.2, 2.0, -0.2)]
    public void LogEiIsTheExpectedImprovementOfTheExponentiatedPrediction(double mean, double variance, double eta)
    {
        // Y ~ N(μ, σ²) models the log cost; the improvement of the cost e^Y over e^η is max(e^η − e^Y, 0).
        var expected = Expect(y => Math.Max(Math.Exp(eta) - Math.Exp(y), 0), mean, Math.Sqrt(variance));

        Assert.Equal(expected, LogExpectedImprovement.Compute(mean, variance, eta), 7);
    }

    [Theory]
    [InlineData(1.0, 0.25, 0.8)]
    [InlineData(1.0, 4.0, 1.5)]
    [InlineData(-2.0, 0.5, -2.0)]
    public void PlainEiIsTheExpectedImprovementOfThePrediction(double mean, double variance, double eta)
    {
        var expected = Expect(y => Math.Max(eta - y, 0), mean, Math.Sqrt(variance));

        Assert.Equal(expected, LogExpectedImprovement.Plain(mean, variance, eta), 7);
    }

    [Fact]
    public void WithoutVarianceTheImprovementIsCertain()
    {
        Assert.Equal(Math.Exp(-1) - Math.Exp(-2), LogExpectedImprovement.Compute(-2, 0, -1), 14);
        Assert.Equal(0, LogExpectedImprovement.Compute(-1, 0, -2));
        Assert.Equal(0.5, LogExpectedImprovement.Plain(1, 0, 1.5), 14);
    }
}

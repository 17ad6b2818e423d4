using System.Text.Json.Nodes;

namespace GPTailor.Search.Tests;

public sealed class NumericsTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(-3.0, 0.0013498980316300946)]
    [InlineData(-6.0, 9.865876450376946e-10)]
    [InlineData(-10.0, 7.61985302416047e-24)]
    [InlineData(2.5, 0.9937903346742238)]
    public void NormalCdfMatchesTabulatedValues(double x, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Cdf(x), expected * 1e-12 + 1e-16);
    }

    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.5, 0.0)]
    [InlineData(1e-6, -4.753424308822899)]
    [InlineData(0.9999, 3.719016485455709)]
    public void NormalQuantileMatchesTabulatedValues(double p, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Quantile(p), 1e-10);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(12, false)]
    [InlineData(12, true)]
    [InlineData(30, false)]
    public void EigensolversReconstructAMatrixWithKnownSpectrum(int n, bool useJacobi)
    {
        var q = TestFunctions.RandomRotation(n, 7);
        var spectrum = Enumerable.Range(0, n).Select(i => Math.Pow(10, 12.0 * i / Math.Max(1, n - 1) - 6.0)).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var k = 0; k < n; k++)
                {
                    a[i * n + j] += q[i, k] * spectrum[k] * q[j, k];
                }
            }
        }

        var values = new double[n];
        var vectors = new double[n * n];
        if (useJacobi)
        {
            JacobiEigenReference.Decompose(a, n, values, vectors);
        }
        else
        {
            TridiagonalEigen.Decompose(a, n, values, vectors);
        }

        var sorted = values.OrderBy(v => v).ToArray();
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(spectrum[i], sorted[i], spectrum[i] * 1e-6 + 1e-9);
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double dot = 0, rebuilt = 0;
                for (var k = 0; k < n; k++)
                {
                    dot += vectors[k * n + i] * vectors[k * n + j];
                    rebuilt += vectors[i * n + k] * values[k] * vectors[j * n + k];
                }

                Assert.Equal(i == j ? 1 : 0, dot, 1e-12);
                Assert.Equal(a[i * n + j], rebuilt, 1e-8);
            }
        }
    }

    [Fact]
    public void TridiagonalQlAgreesWithJacobiOnAnIndefiniteMatrix()
    {
        const int n = 25;
        var rng = new Random(3);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                a[i * n + j] = a[j * n + i] = rng.NextDouble() * 2 - 1;
            }
        }

        var ql = new double[n];
        var jacobi = new double[n];
        TridiagonalEigen.Decompose(a, n, ql, new double[n * n]);
        JacobiEigenReference.Decompose(a, n, jacobi, new double[n * n]);
        Assert.Equal(jacobi.Order().ToArray(), ql.Order().ToArray(), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void RandomGeneratorMatchesTheXoshiroReferenceSequenceAndRestores()
    {
        // Reference: xoshiro256** with state words 1, 2, 3, 4 yields 11520, 0, 1509978240, 1215971899390074240 (Vigna's C code).
        var rng = SearchRandom.FromState(new JsonObject { ["type"] = "xoshiro256**", ["words"] = new JsonArray(1, 2, 3, 4) });
        Assert.Equal(new ulong[] { 11520, 0, 1509978240, 1215971899390074240 }, Enumerable.Range(0, 4).Select(_ => rng.NextUInt64()));
        rng.NextGaussian();
        var saved = StateAssert.ThroughText(rng.SaveState());
        var a = Enumerable.Range(0, 5).Select(_ => rng.NextGaussian()).ToArray();
        var b = SearchRandom.FromState(saved);
        Assert.Equal(a, Enumerable.Range(0, 5).Select(_ => b.NextGaussian()));
    }

    [Fact]
    public void NormalDeviatesHaveUnitMomentsAndIntegersAreUniform()
    {
        var rng = new SearchRandom(5);
        var z = Enumerable.Range(0, 200_000).Select(_ => rng.NextGaussian()).ToArray();
        Assert.Equal(0, z.Average(), 0.01);
        Assert.Equal(1, z.Average(v => v * v), 0.01);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[rng.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
    }
}


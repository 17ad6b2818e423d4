namespace GPTailor.Search.Tests;

/// <summary>Standard benchmark functions (independent closed forms; optimum value 0).</summary>
internal static class TestFunctions
{
    public static double Sphere(IReadOnlyList<double> x) => x.Sum(v => v * v);

    public static double Ellipsoid(IReadOnlyList<double> x)
    {
        var n = x.Count;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Math.Pow(10, 6.0 * i / (n - 1)) * x[i] * x[i];
        }

        return sum;
    }

    public static double Rosenbrock(IReadOnlyList<double> x)
    {
        double sum = 0;
        for (var i = 0; i < x.Count - 1; i++)
        {
            var a = x[i] * x[i] - x[i + 1];
            var b = x[i] - 1;
            sum += 100 * a * a + b * b;
        }

        return sum;
    }

    public static double Rastrigin(IReadOnlyList<double> x) =>
        10 * x.Count + x.Sum(v => v * v - 10 * Math.Cos(2 * Math.PI * v));

    /// <summary>A random orthogonal matrix (Gram–Schmidt on Gaussian columns), row-major.</summary>
    public static double[,] RandomRotation(int n, int seed)
    {
        var rng = new Random(seed);
        var q = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var v = new double[n];
            for (var i = 0; i < n; i++)
            {
                v[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            }

            for (var k = 0; k < j; k++)
            {
                double dot = 0;
                for (var i = 0; i < n; i++)
                {
                    dot += v[i] * q[i, k];
                }

                for (var i = 0; i < n; i++)
                {
                    v[i] -= dot * q[i, k];
                }
            }

            var norm = Math.Sqrt(v.Sum(t => t * t));
            for (var i = 0; i < n; i++)
            {
                q[i, j] = v[i] / norm;
            }
        }

        return q;
    }

    public static double[] Multiply(double[,] q, IReadOnlyList<double> x)
    {
        var n = x.Count;
        var r = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                r[i] += q[i, j] * x[j];
            }
        }

        return r;
    }
}

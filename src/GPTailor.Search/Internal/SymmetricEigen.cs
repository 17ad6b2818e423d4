namespace GPTailor.Search;

/// <summary>Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method.</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric n×n row-major <paramref name="matrix"/> (left unchanged) into
    /// <c>matrix = V diag(values) Vᵀ</c>; column k of the row-major <paramref name="vectors"/> is eigenvector k.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> matrix, int n, Span<double> values, Span<double> vectors)
    {
        var a = matrix.ToArray();
        vectors.Clear();
        for (var i = 0; i < n; i++)
        {
            vectors[i * n + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diagonal = 0;
            for (var p = 0; p < n; p++)
            {
                diagonal += a[p * n + p] * a[p * n + p];
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p * n + q] * a[p * n + q];
                }
            }

            if (off <= 1e-30 * diagonal || off == 0)
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    Rotate(a, vectors, n, p, q);
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            values[i] = a[i * n + i];
        }
    }

    private static void Rotate(double[] a, Span<double> v, int n, int p, int q)
    {
        var apq = a[p * n + q];
        if (apq == 0)
        {
            return;
        }

        var app = a[p * n + p];
        var aqq = a[q * n + q];
        if (Math.Abs(apq) < 1e-18 * Math.Sqrt(Math.Abs(app * aqq)))
        {
            a[p * n + q] = 0;
            a[q * n + p] = 0;
            return;
        }

        var theta = (aqq - app) / (2 * apq);
        var t = (theta >= 0 ? 1.0 : -1.0) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            var akp = a[k * n + p];
            var akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }

        var rowP = p * n;
        var rowQ = q * n;
        for (var k = 0; k < n; k++)
        {
            var apk = a[rowP + k];
            var aqk = a[rowQ + k];
            a[rowP + k] = c * apk - s * aqk;
            a[rowQ + k] = s * apk + c * aqk;
        }

        a[rowP + q] = 0;
        a[rowQ + p] = 0;
        for (var k = 0; k < n; k++)
        {
            var vkp = v[k * n + p];
            var vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}

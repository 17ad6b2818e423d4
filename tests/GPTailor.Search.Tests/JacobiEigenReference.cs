namespace GPTailor.Search.Tests;

/// <summary>Reference eigendecomposition (cyclic Jacobi), an independent check of the library's tridiagonal QL solver.</summary>
internal static class JacobiEigenReference
{
    /// <summary>
    /// Decomposes the symmetric n×n row-major <paramref name="matrix"/> (left unchanged) into
    /// <c>matrix = V diag(values) Vᵀ</c>; column k of the row-major <paramref name="vectors"/> is eigenvector k.
    /// Off-diagonal entries below 1e-14 √|a_pp a_qq| count as zero; sweeps stop once none is left.
    /// </summary>
    public static void Decompose(double[] matrix, int n, double[] values, double[] vectors)
    {
        var a = (double[])matrix.Clone();
        Array.Clear(vectors);
        for (var i = 0; i < n; i++)
        {
            vectors[i * n + i] = 1;
        }

        for (var sweep = 0; sweep < 60; sweep++)
        {
            var rotations = 0;
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    rotations += Rotate(a, vectors, n, p, q) ? 1 : 0;
                }
            }

            if (rotations == 0)
            {
                break;
            }
        }

        for (var i = 0; i < n; i++)
        {
            values[i] = a[i * n + i];
        }
    }

    private static bool Rotate(double[] a, double[] v, int n, int p, int q)
    {
        var rowP = p * n;
        var rowQ = q * n;
        var apq = a[rowP + q];
        if (apq == 0)
        {
            return false;
        }

        var app = a[rowP + p];
        var aqq = a[rowQ + q];
        if (Math.Abs(apq) <= 1e-14 * Math.Sqrt(Math.Abs(app * aqq)))
        {
            a[rowP + q] = 0;
            a[rowQ + p] = 0;
            return false;
        }

        var theta = (aqq - app) / (2 * apq);
        var t = (theta >= 0 ? 1.0 : -1.0) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            var row = k * n;
            var akp = a[row + p];
            var akq = a[row + q];
            a[row + p] = c * akp - s * akq;
            a[row + q] = s * akp + c * akq;
        }

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
            var row = k * n;
            var vkp = v[row + p];
            var vkq = v[row + q];
            v[row + p] = c * vkp - s * vkq;
            v[row + q] = s * vkp + c * vkq;
        }

        return true;
    }
}

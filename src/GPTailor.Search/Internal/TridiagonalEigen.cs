namespace GPTailor.Search;

/// <summary>
/// Eigendecomposition of a real symmetric matrix: Householder reduction to tridiagonal form with accumulated
/// transformations, then the implicit QL iteration with Wilkinson-type shifts (the classical EISPACK tred2/tql2
/// scheme). About 4n³ flops, independent of how close the input is to diagonal.
/// </summary>
internal static class TridiagonalEigen
{
    /// <summary>
    /// Decomposes the symmetric n×n row-major <paramref name="matrix"/> (left unchanged) into
    /// <c>matrix = V diag(values) Vᵀ</c>; column k of the row-major <paramref name="vectors"/> is eigenvector k.
    /// </summary>
    /// <exception cref="ArithmeticException">The QL iteration did not converge (non-finite input).</exception>
    public static void Decompose(double[] matrix, int n, double[] values, double[] vectors)
    {
        Array.Copy(matrix, vectors, n * n);
        var offDiagonal = new double[n];
        Tridiagonalize(vectors, n, values, offDiagonal);
        Transpose(vectors, n);
        DiagonalizeTridiagonal(vectors, n, values, offDiagonal);
        Transpose(vectors, n);
    }

    private static void Transpose(double[] a, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                (a[i * n + j], a[j * n + i]) = (a[j * n + i], a[i * n + j]);
            }
        }
    }

    private static void Tridiagonalize(double[] v, int n, double[] d, double[] e)
    {
        for (var j = 0; j < n; j++)
        {
            d[j] = v[(n - 1) * n + j];
        }

        for (var i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (var k = 0; k < i; k++)
            {
                scale += Math.Abs(d[k]);
            }

            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (var j = 0; j < i; j++)
                {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                    v[j * n + i] = 0;
                }
            }
            else
            {
                for (var k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }

                var f = d[i - 1];
                var g = f > 0 ? -Math.Sqrt(h) : Math.Sqrt(h);
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                Array.Clear(e, 0, i);
                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (var k = j + 1; k < i; k++)
                    {
                        var vkj = v[k * n + j];
                        g += vkj * d[k];
                        e[k] += vkj * f;
                    }

                    e[j] = g;
                }

                f = 0;
                for (var j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }

                var hh = f / (h + h);
                for (var j = 0; j < i; j++)
                {
                    e[j] -= hh * d[j];
                }

                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (var k = j; k < i; k++)
                    {
                        v[k * n + j] -= f * e[k] + g * d[k];
                    }

                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                }
            }

            d[i] = h;
        }

        AccumulateTransformations(v, n, d);
        e[0] = 0;
    }

    private static void AccumulateTransformations(double[] v, int n, double[] d)
    {
        for (var i = 0; i < n - 1; i++)
        {
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1;
            var h = d[i + 1];
            if (h != 0)
            {
                for (var k = 0; k <= i; k++)
                {
                    d[k] = v[k * n + i + 1] / h;
                }

                for (var j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (var k = 0; k <= i; k++)
                    {
                        g += v[k * n + i + 1] * v[k * n + j];
                    }

                    for (var k = 0; k <= i; k++)
                    {
                        v[k * n + j] -= g * d[k];
                    }
                }
            }

            for (var k = 0; k <= i; k++)
            {
                v[k * n + i + 1] = 0;
            }
        }

        for (var j = 0; j < n; j++)
        {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0;
        }

        v[(n - 1) * n + n - 1] = 1;
    }

    /// <summary>QL iterations; <paramref name="v"/> holds the eigenvectors as rows here (transposed), so rotations touch contiguous rows.</summary>
    private static void DiagonalizeTridiagonal(double[] v, int n, double[] d, double[] e)
    {
        for (var i = 1; i < n; i++)
        {
            e[i - 1] = e[i];
        }

        e[n - 1] = 0;
        double shiftSum = 0, norm = 0;
        var eps = Math.Pow(2, -52);
        for (var l = 0; l < n; l++)
        {
            norm = Math.Max(norm, Math.Abs(d[l]) + Math.Abs(e[l]));
            var m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * norm)
            {
                m++;
            }

            var iterations = 0;
            while (m > l && Math.Abs(e[l]) > eps * norm)
            {
                if (++iterations > 100)
                {
                    throw new ArithmeticException("The symmetric eigenvalue iteration did not converge.");
                }

                QlStep(v, n, d, e, l, m, ref shiftSum);
            }

            d[l] += shiftSum;
            e[l] = 0;
        }
    }

    private static void QlStep(double[] v, int n, double[] d, double[] e, int l, int m, ref double shiftSum)
    {
        var g = d[l];
        var p = (d[l + 1] - g) / (2 * e[l]);
        var r = Hypot(p, 1);
        if (p < 0)
        {
            r = -r;
        }

        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        var dl1 = d[l + 1];
        var h = g - d[l];
        for (var i = l + 2; i < n; i++)
        {
            d[i] -= h;
        }

        shiftSum += h;
        p = d[m];
        double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        var el1 = e[l + 1];
        for (var i = m - 1; i >= l; i--)
        {
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = Hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            var rowI = v.AsSpan(i * n, n);
            var rowNext = v.AsSpan((i + 1) * n, n);
            for (var k = 0; k < n; k++)
            {
                var next = rowNext[k];
                rowNext[k] = s * rowI[k] + c * next;
                rowI[k] = c * rowI[k] - s * next;
            }
        }

        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
    }

    private static double Hypot(double a, double b)
    {
        var x = Math.Abs(a);
        var y = Math.Abs(b);
        if (x < y)
        {
            (x, y) = (y, x);
        }

        if (x == 0)
        {
            return 0;
        }

        var t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}

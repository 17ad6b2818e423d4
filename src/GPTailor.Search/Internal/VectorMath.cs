using System.Numerics;
using System.Runtime.InteropServices;

namespace GPTailor.Search;

/// <summary>SIMD helpers for the dense linear algebra of CMA-ES.</summary>
internal static class VectorMath
{
    /// <summary>Σ a_i b_i over the common length.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a[..length]);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..length]);
            var acc = Vector<double>.Zero;
            for (var k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += alpha x over the common length.</summary>
    public static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double alpha)
    {
        var length = Math.Min(x.Length, y.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..length]);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..length]);
            var va = new Vector<double>(alpha);
            for (var k = 0; k < vy.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vy.Length * Vector<double>.Count;
        }

        for (; i < length; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}

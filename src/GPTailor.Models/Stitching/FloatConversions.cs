using System.Runtime.Intrinsics;

namespace GPTailor.Models;

/// <summary>Exact widening conversions to float32 used when streaming stored tensors.</summary>
internal static class FloatConversions
{
    /// <summary>bfloat16 bit patterns to float32: the 16 bits become the high half of the float (exact, NaNs kept).</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Create(source[i..]));
                Vector256.ShiftLeft(lower, 16).AsSingle().CopyTo(destination[i..]);
                Vector256.ShiftLeft(upper, 16).AsSingle().CopyTo(destination[(i + Vector256<uint>.Count)..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
        }
    }
}

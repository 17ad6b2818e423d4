using TorchSharp;

namespace GPTailor.Models;

/// <summary>Copies raw bytes into and out of contiguous CPU tensors, in chunks that fit a <see cref="Span{T}"/>.</summary>
internal static class TensorBytes
{
    /// <summary>Largest chunk copied at once (1 GiB).</summary>
    public const long ChunkBytes = 1L << 30;

    /// <summary>Chunk size for writes; moderate chunks keep the kernel's copy buffers small.</summary>
    public const long WriteChunkBytes = 16L << 20;

    /// <summary>Copies <paramref name="length"/> bytes from the address <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static unsafe void CopyInto(nint source, long length, torch.Tensor destination, long chunkBytes = ChunkBytes)
    {
        using var flat = destination.view(-1);
        var elementSize = flat.ElementSize;
        if (flat.NumberOfElements * elementSize != length)
        {
            throw new InvalidOperationException("Tensor and source byte lengths differ.");
        }

        var chunkElements = Math.Max(1, chunkBytes / elementSize);
        for (long start = 0; start < flat.NumberOfElements; start += chunkElements)
        {
            var count = Math.Min(chunkElements, flat.NumberOfElements - start);
            using var part = flat.narrow(0, start, count);
            new ReadOnlySpan<byte>((byte*)source + (start * elementSize), checked((int)(count * elementSize))).CopyTo(part.bytes);
        }
    }

    /// <summary>Writes the bytes of a contiguous CPU tensor to <paramref name="stream"/>.</summary>
    public static void WriteTo(torch.Tensor tensor, Stream stream, long chunkBytes = WriteChunkBytes)
    {
        using var flat = tensor.view(-1);
        var elementSize = flat.ElementSize;
        var chunkElements = Math.Max(1, chunkBytes / elementSize);
        for (long start = 0; start < flat.NumberOfElements; start += chunkElements)
        {
            var count = Math.Min(chunkElements, flat.NumberOfElements - start);
            using var part = flat.narrow(0, start, count);
            stream.Write(part.bytes);
        }
    }
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>The chunked copies used for tensors over 1 GiB, exercised with tiny chunks.</summary>
public sealed class TensorBytesChunkingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(1 << 20)]
    public void CopyIntoFillsEveryChunk(long chunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        var source = Enumerable.Range(0, 14).Select(i => (byte)(i * 17 + 3)).ToArray();
        var tensor = torch.empty([7], torch.ScalarType.BFloat16);
        var handle = GCHandle.Alloc(source, GCHandleType.Pinned);
        try
        {
            TensorBytes.CopyInto(handle.AddrOfPinnedObject(), source.Length, tensor, chunkBytes);
        }
        finally
        {
            handle.Free();
        }

        Assert.Equal(source, tensor.bytes.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(1 << 20)]
    public void WriteToEmitsEveryChunkInOrder(long chunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        var tensor = torch.arange(10, dtype: torch.ScalarType.Int32).reshape(2, 5);
        using var stream = new MemoryStream();
        TensorBytes.WriteTo(tensor, stream, chunkBytes);
        Assert.Equal(HandBuiltFile.LittleEndian(Enumerable.Range(0, 10).ToArray()), stream.ToArray());
    }
}

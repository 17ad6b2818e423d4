using System.Buffers.Binary;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// One memory-mapped safetensors file. The header is parsed and validated on <see cref="Open"/>; tensor data is copied
/// straight from the mapping into each new tensor's buffer, one tensor per call, so the file is never loaded whole.
/// Reads are thread-safe.
/// </summary>
public sealed class SafetensorsFile : ICheckpoint, ITensorRangeReader
{
    private readonly MappedFile _map;
    private readonly Lock _handleGate = new();
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;
    private bool _disposed;
    private readonly Dictionary<string, TensorInfo> _tensors;

    private SafetensorsFile(string path, MappedFile map, SafetensorsHeader header)
    {
        Source = path;
        _map = map;
        Metadata = header.Metadata;
        _tensors = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        TensorNames = header.Tensors.Select(t => t.Name).Order(TensorNameComparer.Instance).ToArray();
    }

    /// <summary>The full path of the file.</summary>
    public string Source { get; }

    /// <summary>The header's <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor name, digits compared as numbers (<c>layers.2</c> before <c>layers.10</c>).</summary>
    public IReadOnlyList<string> TensorNames { get; }

    /// <summary>Opens, maps and validates <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SafetensorsFormatException">The file is not a valid safetensors file.</exception>
    public static unsafe SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LittleEndianGuard.Check();
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Safetensors file '{fullPath}' does not exist.", fullPath);
        }

        var length = new FileInfo(fullPath).Length;
        if (length < sizeof(ulong))
        {
            throw new SafetensorsFormatException(fullPath, null, $"the file is {length} bytes long, too short for the 8-byte header length (truncated?)");
        }

        var map = MappedFile.Open(fullPath, length);
        try
        {
            ulong headerLength = 0;
            map.Use(0, sizeof(ulong), (p, n) => headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(p, (int)n)));
            if (headerLength > SafetensorsHeaderParser.MaxHeaderBytes)
            {
                throw new SafetensorsFormatException(
                    fullPath, null, $"the header length {headerLength} exceeds the limit of {SafetensorsHeaderParser.MaxHeaderBytes} bytes");
            }

            if ((long)headerLength > length - sizeof(ulong))
            {
                throw new SafetensorsFormatException(
                    fullPath, null, $"the header length {headerLength} exceeds the {length - sizeof(ulong)} bytes that follow it (truncated?)");
            }

            var dataStart = sizeof(ulong) + (long)headerLength;
            SafetensorsHeader? header = null;
            map.Use(sizeof(ulong), (long)headerLength, (p, n) =>
                header = SafetensorsHeaderParser.Parse(new ReadOnlySpan<byte>(p, (int)n), fullPath, dataStart, length - dataStart));
            return new SafetensorsFile(fullPath, map, header!);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <inheritdoc />
    public TensorInfo GetInfo(string name) =>
        _tensors.TryGetValue(name, out var info)
            ? info
            : throw new KeyNotFoundException($"Tensor '{name}' is not in '{Source}'.");

    /// <inheritdoc />
    public unsafe torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null, torch.Device? device = null)
    {
        var info = GetInfo(name);
        var stored = SafetensorsDTypes.ToScalarType(info.DType);
        using var scope = torch.NewDisposeScope();
        torch.Tensor tensor;
        if (dtype is { } wanted && wanted != stored && stored != torch.ScalarType.Bool)
        {
            // Convert chunk by chunk through a small staging buffer: one pass over the output, no full-size copy in the stored dtype.
            tensor = torch.empty(info.Shape.ToArray(), wanted);
            using var flat = tensor.view(-1);
            using var staging = torch.empty(Math.Min(ConversionChunkElements, info.ElementCount), stored);
            for (long start = 0; start < info.ElementCount; start += ConversionChunkElements)
            {
                var count = Math.Min(ConversionChunkElements, info.ElementCount - start);
                using var part = staging.narrow(0, 0, count);
                ReadElements(info, start, part.bytes);
                using var slice = flat.narrow(0, start, count);
                slice.copy_(part);
            }
        }
        else
        {
            tensor = torch.empty(info.Shape.ToArray(), stored);
            _map.Use(info.Offset, info.ByteLength, (p, n) =>
            {
                if (stored == torch.ScalarType.Bool)
                {
                    CheckBooleans(p, n, info);
                }

                TensorBytes.CopyInto((nint)p, n, tensor);
                MappedFile.DropResident(p, n);
            });
            if (dtype is { } other && other != stored)
            {
                tensor = tensor.to(other);
            }
        }

        if (device is { } target && target.type != DeviceType.CPU)
        {
            tensor = tensor.to(target);
        }

        return tensor.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    void ITensorRangeReader.ReadElements(string name, long start, Span<byte> destination)
    {
        var info = GetInfo(name);
        if (SafetensorsDTypes.ToScalarType(info.DType) == torch.ScalarType.Bool)
        {
            throw new ArgumentException($"Tensor '{name}' is BOOL; ranges of BOOL tensors are not read.", nameof(name));
        }

        ReadElements(info, start, destination);
    }

    /// <summary>Elements converted per chunk by <see cref="ReadTensor"/> (256 KiB of float32: the chunk stays in cache).</summary>
    internal const long ConversionChunkElements = 1L << 16;

    private void ReadElements(TensorInfo info, long start, Span<byte> destination)
    {
        var size = SafetensorsDTypes.SizeOf(info.DType);
        if (destination.Length % size != 0)
        {
            throw new ArgumentException($"{destination.Length} bytes are not a whole number of {info.DType} elements.", nameof(destination));
        }

        long count = destination.Length / size;
        if (start < 0 || start > info.ElementCount || count > info.ElementCount - start)
        {
            throw new ArgumentException($"Elements [{start}, {start + count}) are outside tensor '{info.Name}' of {info.ElementCount} elements.", nameof(start));
        }

        // Positioned reads (pread) rather than the mapping: the kernel copies from its page cache into the small buffer,
        // with no page faults and no pages added to this process's resident set.
        var handle = Handle();
        var offset = info.Offset + (start * size);
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read <= 0)
            {
                throw new SafetensorsFormatException(info.File, info.Name, "the file ended before the tensor's data (was it truncated after it was opened?)");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private Microsoft.Win32.SafeHandles.SafeFileHandle Handle()
    {
        lock (_handleGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle ??= File.OpenHandle(Source, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_handleGate)
        {
            _disposed = true;
            _handle?.Dispose();
        }

        _map.Dispose();
    }

    private static unsafe void CheckBooleans(byte* source, long length, TensorInfo info)
    {
        for (long start = 0; start < length; start += TensorBytes.ChunkBytes)
        {
            var chunk = new ReadOnlySpan<byte>(source + start, (int)Math.Min(TensorBytes.ChunkBytes, length - start));
            if (chunk.IndexOfAnyExceptInRange((byte)0, (byte)1) >= 0)
            {
                throw new SafetensorsFormatException(info.File, info.Name, "a BOOL tensor holds a byte other than 0 or 1");
            }
        }
    }
}

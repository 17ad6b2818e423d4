using System.Buffers.Binary;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Writes one Hugging Face compatible safetensors file: <c>__metadata__</c> with <c>"format": "pt"</c> (plus optional
/// user metadata), entries in a deterministic order with contiguous data offsets, and a header padded with spaces to a
/// multiple of 8 bytes. Tensors are streamed one at a time, and the file appears atomically (temporary name, then rename).
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>
    /// Writes <paramref name="specs"/> in the given order, asking <paramref name="produce"/> for each tensor only when
    /// its turn comes. Each call runs inside its own dispose scope: tensors the callback creates are disposed once
    /// written, tensors that already existed (e.g. model parameters) are left alone.
    /// </summary>
    /// <param name="path">Target file; replaced if it exists.</param>
    /// <param name="specs">Name, dtype and shape of every tensor, in file order.</param>
    /// <param name="produce">Returns the tensor for a name; it must match its spec (any device, any layout).</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries; <c>format</c>, if present, must be <c>pt</c>.</param>
    /// <exception cref="ArgumentException">Duplicate or invalid names, unsupported dtypes or bad metadata.</exception>
    /// <exception cref="InvalidOperationException">A produced tensor does not match its spec.</exception>
    public static void Write(
        string path,
        IReadOnlyList<TensorSpec> specs,
        Func<string, torch.Tensor> produce,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(produce);
        var header = SafetensorsHeaderWriter.Build(specs, metadata);
        AtomicFile.Write(path, stream => WriteBody(stream, header, specs, produce));
    }

    /// <summary>
    /// Writes every tensor of <paramref name="tensors"/>, ordered by name with digit runs compared as numbers
    /// (<c>layers.2</c> before <c>layers.10</c>). The caller keeps ownership of the tensors.
    /// </summary>
    /// <param name="path">Target file; replaced if it exists.</param>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries; <c>format</c>, if present, must be <c>pt</c>.</param>
    public static void Write(string path, IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Write(path, SpecsOf(tensors), name => tensors[name], metadata);
    }

    /// <summary>The specs of <paramref name="tensors"/> in the writer's deterministic name order.</summary>
    public static IReadOnlyList<TensorSpec> SpecsOf(IReadOnlyDictionary<string, torch.Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return tensors.OrderBy(t => t.Key, TensorNameComparer.Instance).Select(t => TensorSpec.Of(t.Key, t.Value)).ToArray();
    }

    /// <summary>Writes the length prefix, header and every tensor's bytes to <paramref name="stream"/>.</summary>
    internal static void WriteBody(Stream stream, byte[] header, IReadOnlyList<TensorSpec> specs, Func<string, torch.Tensor> produce)
    {
        LittleEndianGuard.Check();
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var spec in specs)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var tensor = produce(spec.Name) ?? throw new InvalidOperationException($"No tensor was produced for '{spec.Name}'.");
            if (tensor.dtype != spec.DType || !tensor.shape.SequenceEqual(spec.Shape))
            {
                throw new InvalidOperationException(
                    $"Tensor '{spec.Name}' is {tensor.dtype} [{string.Join(", ", tensor.shape)}] but was declared {spec.DType} [{string.Join(", ", spec.Shape)}].");
            }

            var onCpu = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
            TensorBytes.WriteTo(onCpu.contiguous(), stream);
        }
    }
}

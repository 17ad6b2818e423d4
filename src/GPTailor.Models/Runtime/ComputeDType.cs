using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// A floating dtype for computing (and storing) model weights: <see cref="Float32"/>, <see cref="BFloat16"/> or
/// <see cref="Float16"/>, written <c>float32</c>, <c>bfloat16</c>, <c>float16</c>. Parsed once at the edge (CLI
/// options, configuration); the mapping to <see cref="torch.ScalarType"/> lives here only. Float16 computes only on
/// CUDA (CPU float16 matmuls are extremely slow).
/// </summary>
public sealed record ComputeDType
{
    private ComputeDType(string name, torch.ScalarType scalarType)
    {
        Name = name;
        ScalarType = scalarType;
    }

    /// <summary>32-bit floats (<c>float32</c>).</summary>
    public static ComputeDType Float32 { get; } = new("float32", torch.ScalarType.Float32);

    /// <summary>bfloat16 (<c>bfloat16</c>).</summary>
    public static ComputeDType BFloat16 { get; } = new("bfloat16", torch.ScalarType.BFloat16);

    /// <summary>IEEE half precision (<c>float16</c>); computes on CUDA only.</summary>
    public static ComputeDType Float16 { get; } = new("float16", torch.ScalarType.Float16);

    /// <summary>Every value, in the order of <see cref="Float32"/>, <see cref="BFloat16"/>, <see cref="Float16"/>.</summary>
    public static IReadOnlyList<ComputeDType> All { get; } = [Float32, BFloat16, Float16];

    /// <summary>The name as written in options and <c>config.json</c>, e.g. <c>bfloat16</c>.</summary>
    public string Name { get; }

    /// <summary>The TorchSharp scalar type.</summary>
    public torch.ScalarType ScalarType { get; }

    /// <summary>Parses <c>float32</c>, <c>bfloat16</c> or <c>float16</c> (case-insensitive).</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="ArgumentException">Not one of the valid names; the message lists them.</exception>
    public static ComputeDType Parse(string value) =>
        TryParse(value, out var dtype)
            ? dtype
            : throw new ArgumentException($"Compute dtype '{value}' is not supported; valid values: {string.Join(", ", All.Select(d => d.Name))}.", nameof(value));

    /// <summary>Parses <c>float32</c>, <c>bfloat16</c> or <c>float16</c> (case-insensitive); false otherwise.</summary>
    /// <param name="value">The text (null gives false).</param>
    /// <param name="dtype">The dtype when parsed.</param>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ComputeDType? dtype)
    {
        dtype = All.FirstOrDefault(d => string.Equals(d.Name, value?.Trim(), StringComparison.OrdinalIgnoreCase));
        return dtype is not null;
    }

    /// <summary>The dtype of a TorchSharp scalar type.</summary>
    /// <param name="scalarType">Float32, BFloat16 or Float16.</param>
    /// <exception cref="ArgumentException">Another scalar type.</exception>
    public static ComputeDType From(torch.ScalarType scalarType) =>
        All.FirstOrDefault(d => d.ScalarType == scalarType)
        ?? throw new ArgumentException($"Scalar type {scalarType} is not a compute dtype; valid values: {string.Join(", ", All.Select(d => d.ScalarType))}.", nameof(scalarType));

    /// <summary>Throws unless this dtype can compute on <paramref name="device"/> (Float16 only on CUDA).</summary>
    /// <param name="device">The resolved device.</param>
    /// <exception cref="ArgumentException">Float16 on a CPU.</exception>
    public void EnsureComputesOn(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (this == Float16 && device.type != DeviceType.CUDA)
        {
            throw new ArgumentException($"Compute dtype {Name} is not supported on {device.type}; use float32 or bfloat16 (float16 only on CUDA).");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

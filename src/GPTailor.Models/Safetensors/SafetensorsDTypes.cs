using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// The safetensors dtype tags this library reads and writes, their element sizes and their TorchSharp scalar types.
/// Supported: <c>F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL</c>. Tags that exist in the format but have no
/// TorchSharp 0.107 counterpart (<c>F8_E4M3, F8_E5M2, U16, U32, U64, C64</c>, ...) are refused.
/// </summary>
public static class SafetensorsDTypes
{
    private static readonly (string Tag, torch.ScalarType Type, int Size)[] Supported =
    [
        ("F64", torch.ScalarType.Float64, 8),
        ("F32", torch.ScalarType.Float32, 4),
        ("F16", torch.ScalarType.Float16, 2),
        ("BF16", torch.ScalarType.BFloat16, 2),
        ("I64", torch.ScalarType.Int64, 8),
        ("I32", torch.ScalarType.Int32, 4),
        ("I16", torch.ScalarType.Int16, 2),
        ("I8", torch.ScalarType.Int8, 1),
        ("U8", torch.ScalarType.Byte, 1),
        ("BOOL", torch.ScalarType.Bool, 1),
    ];

    private static readonly string[] KnownButUnsupported =
        ["F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "E8M0", "U16", "U32", "U64", "C64", "C128"];

    /// <summary>The supported tags, in a fixed order.</summary>
    public static IReadOnlyList<string> SupportedTags { get; } = Supported.Select(s => s.Tag).ToArray();

    /// <summary>True when <paramref name="tag"/> is a supported dtype tag (case-sensitive, as in the format).</summary>
    public static bool IsSupported(string tag) => Array.Exists(Supported, s => s.Tag == tag);

    /// <summary>Bytes per element of a supported tag.</summary>
    /// <exception cref="NotSupportedException">The tag is not supported.</exception>
    public static int SizeOf(string tag) => Find(tag).Size;

    /// <summary>The TorchSharp scalar type of a supported tag.</summary>
    /// <exception cref="NotSupportedException">The tag is not supported.</exception>
    public static torch.ScalarType ToScalarType(string tag) => Find(tag).Type;

    /// <summary>The safetensors tag of a TorchSharp scalar type.</summary>
    /// <exception cref="NotSupportedException">The scalar type has no supported safetensors tag.</exception>
    public static string ToTag(torch.ScalarType type)
    {
        foreach (var s in Supported)
        {
            if (s.Type == type)
            {
                return s.Tag;
            }
        }

        throw new NotSupportedException(
            $"Scalar type {type} cannot be stored in safetensors by this library; supported: {string.Join(", ", SupportedTags)}.");
    }

    /// <summary>Bytes per element of a TorchSharp scalar type that has a supported tag.</summary>
    /// <exception cref="NotSupportedException">The scalar type has no supported safetensors tag.</exception>
    public static int SizeOf(torch.ScalarType type) => SizeOf(ToTag(type));

    /// <summary>A sentence explaining why <paramref name="tag"/> cannot be used.</summary>
    internal static string DescribeUnsupported(string tag) =>
        Array.IndexOf(KnownButUnsupported, tag) >= 0
            ? $"dtype '{tag}' is a valid safetensors dtype but has no TorchSharp counterpart and is not supported; supported: {string.Join(", ", SupportedTags)}"
            : $"unknown dtype '{tag}'; supported: {string.Join(", ", SupportedTags)}";

    private static (string Tag, torch.ScalarType Type, int Size) Find(string tag)
    {
        foreach (var s in Supported)
        {
            if (s.Tag == tag)
            {
                return s;
            }
        }

        throw new NotSupportedException(DescribeUnsupported(tag));
    }
}

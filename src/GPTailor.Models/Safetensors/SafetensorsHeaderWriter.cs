using System.Text.Encodings.Web;
using System.Text.Json;

namespace GPTailor.Models;

/// <summary>
/// Builds a Hugging Face compatible header: <c>__metadata__</c> first with <c>"format": "pt"</c>, then one entry per
/// tensor in the given order with contiguous data offsets, raw UTF-8 names, padded with spaces to a multiple of 8 bytes.
/// </summary>
internal static class SafetensorsHeaderWriter
{
    /// <summary>The metadata key and value Hugging Face loaders expect.</summary>
    public const string FormatKey = "format";

    /// <summary>The PyTorch format tag.</summary>
    public const string FormatValue = "pt";

    /// <summary>Validates the specs and metadata and returns the padded header bytes (without the length prefix).</summary>
    public static byte[] Build(IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, string>? metadata)
    {
        Validate(specs, metadata);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString(FormatKey, FormatValue);
            foreach (var (key, value) in (metadata ?? new Dictionary<string, string>()).Where(m => m.Key != FormatKey).OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (var spec in specs)
            {
                var length = spec.ByteLength;
                json.WriteStartObject(spec.Name);
                json.WriteString("dtype", SafetensorsDTypes.ToTag(spec.DType));
                json.WriteStartArray("shape");
                foreach (var dim in spec.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = checked(offset + length);
            }

            json.WriteEndObject();
        }

        var padding = (int)((8 - (buffer.Length % 8)) % 8);
        for (var i = 0; i < padding; i++)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }

    private static void Validate(IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (metadata is not null && metadata.TryGetValue(FormatKey, out var format) && format != FormatValue)
        {
            throw new ArgumentException($"Metadata '{FormatKey}' must be '{FormatValue}' (got '{format}').", nameof(metadata));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (string.IsNullOrEmpty(spec.Name) || spec.Name == "__metadata__")
            {
                throw new ArgumentException($"Invalid tensor name '{spec.Name}'.", nameof(specs));
            }

            if (!names.Add(spec.Name))
            {
                throw new ArgumentException($"Tensor '{spec.Name}' is listed twice.", nameof(specs));
            }

            if (spec.Shape.Any(d => d < 0))
            {
                throw new ArgumentException($"Tensor '{spec.Name}' has a negative dimension.", nameof(specs));
            }

            _ = SafetensorsDTypes.ToTag(spec.DType);
        }
    }
}

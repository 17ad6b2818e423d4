using System.Text.Json;
using System.Text.Unicode;

namespace GPTailor.Models;

/// <summary>
/// Parses a safetensors header with <see cref="Utf8JsonReader"/> (so duplicate keys are detected, unlike with
/// JsonNode) and validates every entry against the data section before anything is read.
/// </summary>
internal static class SafetensorsHeaderParser
{
    /// <summary>Largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <param name="json">The header bytes (after the 8-byte length prefix).</param>
    /// <param name="file">File name used in error messages and in <see cref="TensorInfo.File"/>.</param>
    /// <param name="dataStart">Absolute offset of the data section (8 + header length).</param>
    /// <param name="dataLength">Length of the data section in bytes.</param>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> json, string file, long dataStart, long dataLength)
    {
        if (!Utf8.IsValid(json))
        {
            throw new SafetensorsFormatException(file, null, "the header is not valid UTF-8");
        }

        if (json.IsEmpty || json[0] != (byte)'{')
        {
            throw new SafetensorsFormatException(file, null, "the header must be a JSON object starting with '{'");
        }

        var raw = new List<RawEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            ReadTopLevel(json, file, raw, metadata);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(file, null, $"the header is not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new SafetensorsFormatException(file, null, $"the header has an invalid JSON string ({e.Message})", e);
        }

        var tensors = raw.Select(e => Validate(e, file, dataStart, dataLength)).ToList();
        CheckNoOverlap(tensors, file, dataStart);
        return new SafetensorsHeader(metadata, tensors);
    }

    private static void ReadTopLevel(ReadOnlySpan<byte> json, string file, List<RawEntry> raw, Dictionary<string, string> metadata)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        Next(ref reader, file, null);
        Expect(ref reader, JsonTokenType.StartObject, file, null, "the header must be a JSON object");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sawMetadata = false;
        while (NextUntil(ref reader, JsonTokenType.EndObject, file, null))
        {
            var name = reader.GetString()!;
            Next(ref reader, file, name);
            if (name == MetadataKey)
            {
                if (sawMetadata)
                {
                    throw new SafetensorsFormatException(file, null, "the header has '__metadata__' twice");
                }

                sawMetadata = true;
                ReadMetadata(ref reader, file, metadata);
                continue;
            }

            if (name.Length == 0)
            {
                throw new SafetensorsFormatException(file, name, "tensor names must not be empty");
            }

            if (!names.Add(name))
            {
                throw new SafetensorsFormatException(file, name, "the tensor name appears more than once in the header");
            }

            raw.Add(ReadEntry(ref reader, file, name));
        }

        if (reader.Read())
        {
            throw new SafetensorsFormatException(file, null, "unexpected content after the header's JSON object");
        }
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, string file, Dictionary<string, string> metadata)
    {
        Expect(ref reader, JsonTokenType.StartObject, file, null, "'__metadata__' must be an object of strings");
        while (NextUntil(ref reader, JsonTokenType.EndObject, file, null))
        {
            var key = reader.GetString()!;
            Next(ref reader, file, null);
            Expect(ref reader, JsonTokenType.String, file, null, $"'__metadata__' value of '{key}' must be a string");
            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw new SafetensorsFormatException(file, null, $"'__metadata__' has the key '{key}' twice");
            }
        }
    }

    private static RawEntry ReadEntry(ref Utf8JsonReader reader, string file, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, file, name, "the entry must be an object with dtype, shape and data_offsets");
        string? dtype = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (NextUntil(ref reader, JsonTokenType.EndObject, file, name))
        {
            var key = reader.GetString()!;
            Next(ref reader, file, name);
            switch (key)
            {
                case "dtype" when dtype is null:
                    Expect(ref reader, JsonTokenType.String, file, name, "'dtype' must be a string");
                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, file, name, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, file, name, "data_offsets");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw new SafetensorsFormatException(file, name, $"the entry has the key '{key}' twice");
                default:
                    throw new SafetensorsFormatException(file, name, $"the entry has an unknown key '{key}'");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            throw new SafetensorsFormatException(file, name, "the entry must have dtype, shape and data_offsets");
        }

        if (offsets.Count != 2)
        {
            throw new SafetensorsFormatException(file, name, "'data_offsets' must have exactly two integers [begin, end]");
        }

        return new RawEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string file, string name, string key)
    {
        Expect(ref reader, JsonTokenType.StartArray, file, name, $"'{key}' must be an array of non-negative integers");
        var values = new List<long>();
        while (NextUntil(ref reader, JsonTokenType.EndArray, file, name))
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
            {
                throw new SafetensorsFormatException(file, name, $"'{key}' must be an array of non-negative 64-bit integers");
            }

            values.Add(value);
        }

        return values;
    }

    private static TensorInfo Validate(RawEntry e, string file, long dataStart, long dataLength)
    {
        if (!SafetensorsDTypes.IsSupported(e.DType))
        {
            throw new SafetensorsFormatException(file, e.Name, SafetensorsDTypes.DescribeUnsupported(e.DType));
        }

        if (e.End < e.Begin)
        {
            throw new SafetensorsFormatException(file, e.Name, $"data_offsets end {e.End} is before begin {e.Begin}");
        }

        if (e.End > dataLength)
        {
            throw new SafetensorsFormatException(
                file, e.Name, $"data_offsets [{e.Begin}, {e.End}] lie outside the data section of {dataLength} bytes (file truncated?)");
        }

        long expected;
        try
        {
            expected = checked(e.Shape.Aggregate(1L, (a, b) => a * b) * SafetensorsDTypes.SizeOf(e.DType));
        }
        catch (OverflowException)
        {
            throw new SafetensorsFormatException(file, e.Name, $"shape [{string.Join(", ", e.Shape)}] is too large (byte size overflows)");
        }

        if (expected != e.End - e.Begin)
        {
            throw new SafetensorsFormatException(
                file,
                e.Name,
                $"dtype {e.DType} with shape [{string.Join(", ", e.Shape)}] needs {expected} bytes but data_offsets [{e.Begin}, {e.End}] span {e.End - e.Begin}");
        }

        return new TensorInfo(e.Name, e.DType, e.Shape.ToArray(), file, dataStart + e.Begin, e.End - e.Begin);
    }

    private static void CheckNoOverlap(List<TensorInfo> tensors, string file, long dataStart)
    {
        var ranges = tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Offset).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            var previous = ranges[i - 1];
            if (ranges[i].Offset < previous.Offset + previous.ByteLength)
            {
                throw new SafetensorsFormatException(
                    file,
                    ranges[i].Name,
                    $"data_offsets [{ranges[i].Offset - dataStart}, {ranges[i].Offset - dataStart + ranges[i].ByteLength}] overlap those of tensor '{previous.Name}'");
            }
        }
    }

    private static void Next(ref Utf8JsonReader reader, string file, string? name)
    {
        if (!reader.Read())
        {
            throw new SafetensorsFormatException(file, name, "the header JSON ends early");
        }
    }

    /// <summary>Reads the next token; false when it is <paramref name="end"/> (the end of the object or array being read).</summary>
    private static bool NextUntil(ref Utf8JsonReader reader, JsonTokenType end, string file, string? name)
    {
        Next(ref reader, file, name);
        return reader.TokenType != end;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string file, string? name, string message)
    {
        if (reader.TokenType != type)
        {
            throw new SafetensorsFormatException(file, name, message);
        }
    }

    private sealed record RawEntry(string Name, string DType, List<long> Shape, long Begin, long End);
}

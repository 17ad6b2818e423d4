using System.Text.Json;

namespace GPTailor.Models;

/// <summary>
/// Reads <c>model.safetensors.index.json</c>: its <c>weight_map</c> (tensor name → shard file name), checking that
/// keys are unique and that every shard name is a plain <c>.safetensors</c> file name inside the directory.
/// </summary>
internal static class ShardIndexReader
{
    /// <summary>Largest index file accepted, in bytes.</summary>
    public const long MaxIndexBytes = 100_000_000;

    /// <summary>Reads and validates the weight map of <paramref name="indexPath"/>, in file order.</summary>
    /// <exception cref="SafetensorsFormatException">The index is malformed, names an unsafe shard, is not a regular file or is too large.</exception>
    /// <exception cref="FileNotFoundException">The index does not exist, or is a directory.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadWeightMap(string indexPath)
    {
        // A device (/dev/zero reports length 0 and never ends), a FIFO (blocks on open) or a directory is refused before
        // it is opened; the size limit holds before anything is read.
        var bytes = RegularFile.ReadAllBytes(indexPath, "safetensors index", MaxIndexBytes, reason => new SafetensorsFormatException(indexPath, null, reason));
        List<KeyValuePair<string, string>>? map = null;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 16 });
            Next(ref reader, indexPath);
            Expect(ref reader, JsonTokenType.StartObject, indexPath, null, "the index must be a JSON object");
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                Next(ref reader, indexPath);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var key = reader.GetString()!;
                if (!keys.Add(key))
                {
                    throw new SafetensorsFormatException(indexPath, null, $"the index has the key '{key}' twice");
                }

                Next(ref reader, indexPath);
                if (key == "weight_map")
                {
                    map = ReadMap(ref reader, indexPath);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                throw new SafetensorsFormatException(indexPath, null, "unexpected content after the index's JSON object");
            }
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(indexPath, null, $"the index is not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new SafetensorsFormatException(indexPath, null, $"the index has an invalid JSON string ({e.Message})", e);
        }

        return map ?? throw new SafetensorsFormatException(indexPath, null, "the index has no 'weight_map' object");
    }

    /// <summary>True when <paramref name="name"/> is a plain file name that cannot escape its directory.</summary>
    public static bool IsPlainShardName(string name) =>
        name.Length > 0
        && name.EndsWith(".safetensors", StringComparison.Ordinal)
        && name.IndexOfAny(['/', '\\', ':', '\0']) < 0
        && name is not "." and not ".."
        && !name.StartsWith('.')
        && Path.GetFileName(name) == name
        && !Path.IsPathRooted(name);

    private static List<KeyValuePair<string, string>> ReadMap(ref Utf8JsonReader reader, string indexPath)
    {
        Expect(ref reader, JsonTokenType.StartObject, indexPath, null, "'weight_map' must be an object of tensor name → shard file name");
        var map = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader, indexPath);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }

            var tensor = reader.GetString()!;
            Next(ref reader, indexPath);
            Expect(ref reader, JsonTokenType.String, indexPath, tensor, "the shard file name must be a string");
            var shard = reader.GetString()!;
            if (tensor.Length == 0)
            {
                throw new SafetensorsFormatException(indexPath, tensor, "tensor names must not be empty");
            }

            if (!names.Add(tensor))
            {
                throw new SafetensorsFormatException(indexPath, tensor, "the tensor appears more than once in 'weight_map'");
            }

            if (!IsPlainShardName(shard))
            {
                throw new SafetensorsFormatException(
                    indexPath, tensor, $"the shard name '{shard}' is not a plain .safetensors file name inside the checkpoint directory (path traversal refused)");
            }

            map.Add(new(tensor, shard));
        }
    }

    private static void Next(ref Utf8JsonReader reader, string indexPath)
    {
        if (!reader.Read())
        {
            throw new SafetensorsFormatException(indexPath, null, "the index JSON ends early");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string indexPath, string? tensor, string message)
    {
        if (reader.TokenType != type)
        {
            throw new SafetensorsFormatException(indexPath, tensor, message);
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace GPTailor.Models;

/// <summary>Writes <c>model.safetensors.index.json</c> as Hugging Face does: metadata.total_size and a sorted weight_map.</summary>
internal static class ShardIndexWriter
{
    /// <summary>Writes the index atomically.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="totalSize">Sum of the data bytes of every tensor.</param>
    /// <param name="weightMap">Tensor name → shard file name.</param>
    public static void Write(string path, long totalSize, IReadOnlyDictionary<string, string> weightMap)
    {
        AtomicFile.Write(path, stream =>
        {
            var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using var json = new Utf8JsonWriter(stream, options);
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteNumber("total_size", totalSize);
            json.WriteEndObject();
            json.WriteStartObject("weight_map");
            foreach (var (tensor, shard) in weightMap.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteString(tensor, shard);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        });
    }
}

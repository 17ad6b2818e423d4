using System.Text.Encodings.Web;
using System.Text.Json;

namespace GPTailor.Models;

/// <summary>Writes the Hugging Face files for a trained byte-level BPE tokenizer.</summary>
internal static class ByteLevelBpeJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// <c>tokenizer.json</c>: ids 0–255 are the bytes in byte order, then merged tokens in learning order, then the
    /// special tokens.
    /// </summary>
    public static byte[] WriteTokenizerJson(IReadOnlyList<(string Left, string Right)> merges, IReadOnlyList<string> specialTokens, string splitPattern)
    {
        var vocabulary = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            var token = ByteLevelAlphabet.ByteToChar((byte)b).ToString();
            vocabulary.Add(token);
            known.Add(token);
        }

        foreach (var (left, right) in merges)
        {
            if (known.Add(left + right))
            {
                vocabulary.Add(left + right);
            }
        }

        var bosId = vocabulary.Count;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            WriteAddedTokens(w, specialTokens, bosId);
            w.WriteNull("normalizer");
            WritePreTokenizer(w, splitPattern);
            WritePostProcessor(w, specialTokens[0], bosId);
            w.WriteStartObject("decoder");
            w.WriteString("type", "ByteLevel");
            w.WriteBoolean("add_prefix_space", true);
            w.WriteBoolean("trim_offsets", true);
            w.WriteBoolean("use_regex", true);
            w.WriteEndObject();
            WriteModel(w, vocabulary, merges);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary><c>tokenizer_config.json</c> with BOS/EOS and <c>add_bos_token</c>.</summary>
    public static byte[] WriteTokenizerConfig(IReadOnlyList<string> specialTokens)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteBoolean("add_bos_token", true);
            w.WriteBoolean("add_eos_token", false);
            w.WriteString("bos_token", specialTokens[0]);
            w.WriteString("eos_token", specialTokens[1]);
            w.WriteBoolean("clean_up_tokenization_spaces", false);
            w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteAddedTokens(Utf8JsonWriter w, IReadOnlyList<string> specialTokens, int firstId)
    {
        w.WriteStartArray("added_tokens");
        for (var i = 0; i < specialTokens.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", firstId + i);
            w.WriteString("content", specialTokens[i]);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("special", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePreTokenizer(Utf8JsonWriter w, string splitPattern)
    {
        w.WriteStartObject("pre_tokenizer");
        w.WriteString("type", "Sequence");
        w.WriteStartArray("pretokenizers");
        w.WriteStartObject();
        w.WriteString("type", "Split");
        w.WriteStartObject("pattern");
        w.WriteString("Regex", splitPattern);
        w.WriteEndObject();
        w.WriteString("behavior", "Isolated");
        w.WriteBoolean("invert", false);
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", true);
        w.WriteBoolean("use_regex", false);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePostProcessor(Utf8JsonWriter w, string bos, int bosId)
    {
        w.WriteStartObject("post_processor");
        w.WriteString("type", "TemplateProcessing");
        w.WriteStartArray("single");
        WriteTemplateItem(w, "SpecialToken", bos, 0);
        WriteTemplateItem(w, "Sequence", "A", 0);
        w.WriteEndArray();
        w.WriteStartArray("pair");
        WriteTemplateItem(w, "SpecialToken", bos, 0);
        WriteTemplateItem(w, "Sequence", "A", 0);
        WriteTemplateItem(w, "SpecialToken", bos, 1);
        WriteTemplateItem(w, "Sequence", "B", 1);
        w.WriteEndArray();
        w.WriteStartObject("special_tokens");
        w.WriteStartObject(bos);
        w.WriteString("id", bos);
        w.WriteStartArray("ids");
        w.WriteNumberValue(bosId);
        w.WriteEndArray();
        w.WriteStartArray("tokens");
        w.WriteStringValue(bos);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTemplateItem(Utf8JsonWriter w, string kind, string id, int typeId)
    {
        w.WriteStartObject();
        w.WriteStartObject(kind);
        w.WriteString("id", id);
        w.WriteNumber("type_id", typeId);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, List<string> vocabulary, IReadOnlyList<(string Left, string Right)> merges)
    {
        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        w.WriteNull("unk_token");
        w.WriteNull("continuing_subword_prefix");
        w.WriteNull("end_of_word_suffix");
        w.WriteBoolean("fuse_unk", false);
        w.WriteBoolean("byte_fallback", false);
        w.WriteBoolean("ignore_merges", false);
        w.WriteStartObject("vocab");
        for (var id = 0; id < vocabulary.Count; id++)
        {
            w.WriteNumber(vocabulary[id], id);
        }

        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (left, right) in merges)
        {
            w.WriteStringValue($"{left} {right}");
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

using System.Text.Json;

namespace GPTailor.Models;

/// <summary>Reads and validates the <c>model</c> section of <c>tokenizer.json</c> (type <c>BPE</c> only).</summary>
internal static class BpeModelReader
{
    private const int MaxVocabularySize = 4_000_000;

    /// <summary>Reads the model; every merge must name vocabulary tokens whose concatenation is in the vocabulary.</summary>
    public static BpeModelDefinition Read(JsonElement root, JsonFields json)
    {
        const string where = "model";
        var model = json.RequiredObject(root, "model", "tokenizer");
        var type = json.RequiredString(model, "type", where);
        if (type != "BPE")
        {
            throw json.Fail($"model.type '{type}' is not supported (only BPE)");
        }

        if (JsonFields.Optional(model, "dropout") is { } dropout && !(dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() == 0))
        {
            throw json.Fail("model.dropout is not supported");
        }

        if (!string.IsNullOrEmpty(json.OptionalString(model, "continuing_subword_prefix", where))
            || !string.IsNullOrEmpty(json.OptionalString(model, "end_of_word_suffix", where)))
        {
            throw json.Fail("model.continuing_subword_prefix / end_of_word_suffix are not supported");
        }

        var vocabulary = ReadVocabulary(json.RequiredObject(model, "vocab", where), json);
        var merges = ReadMerges(json.RequiredArray(model, "merges", where), vocabulary, json);
        var unknown = json.OptionalString(model, "unk_token", where);
        if (unknown is not null && !vocabulary.ContainsKey(unknown))
        {
            throw json.Fail($"model.unk_token '{unknown}' is not in the vocabulary");
        }

        return new BpeModelDefinition(
            vocabulary,
            merges,
            unknown,
            json.OptionalBool(model, "fuse_unk", where) ?? false,
            json.OptionalBool(model, "byte_fallback", where) ?? false,
            json.OptionalBool(model, "ignore_merges", where) ?? false);
    }

    private static Dictionary<string, int> ReadVocabulary(JsonElement vocab, JsonFields json)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenIds = new HashSet<int>();
        foreach (var entry in vocab.EnumerateObject())
        {
            var id = json.ReadId(entry.Value, $"model.vocab[\"{entry.Name}\"]");
            if (!seenIds.Add(id))
            {
                throw json.Fail($"model.vocab: id {id} is used by more than one token");
            }

            if (!vocabulary.TryAdd(entry.Name, id))
            {
                throw json.Fail($"model.vocab: token '{entry.Name}' appears twice");
            }

            if (vocabulary.Count > MaxVocabularySize)
            {
                throw json.Fail($"model.vocab has more than {MaxVocabularySize} entries");
            }
        }

        return vocabulary.Count > 0 ? vocabulary : throw json.Fail("model.vocab is empty");
    }

    private static List<(string Left, string Right)> ReadMerges(JsonElement merges, IReadOnlyDictionary<string, int> vocabulary, JsonFields json)
    {
        var result = new List<(string, string)>(merges.GetArrayLength());
        var index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            var (left, right) = ReadMerge(merge, json, index);
            if (!vocabulary.ContainsKey(left) || !vocabulary.ContainsKey(right) || !vocabulary.ContainsKey(left + right))
            {
                throw json.Fail($"model.merges[{index}] ('{left}' '{right}') uses a token missing from the vocabulary");
            }

            result.Add((left, right));
            index++;
        }

        return result;
    }

    private static (string Left, string Right) ReadMerge(JsonElement merge, JsonFields json, int index)
    {
        if (merge.ValueKind == JsonValueKind.String)
        {
            var parts = merge.GetString()!.Split(' ');
            if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
            {
                return (parts[0], parts[1]);
            }
        }
        else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                 && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
        {
            return (merge[0].GetString()!, merge[1].GetString()!);
        }

        throw json.Fail($"model.merges[{index}] must be \"left right\" or [\"left\", \"right\"]");
    }
}

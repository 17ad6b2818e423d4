using System.Text.Json;

namespace GPTailor.Models;

/// <summary>Reads BOS/EOS settings from <c>tokenizer_config.json</c> and <c>config.json</c> in a model directory.</summary>
internal static class TokenizerConfigReader
{
    private const long MaxConfigBytes = 16L * 1024 * 1024;

    /// <summary>Reads both files when present; a present but malformed file fails.</summary>
    public static TokenizerConfigValues Read(string directory)
    {
        var tokenizerConfigPath = Path.Combine(directory, "tokenizer_config.json");
        var modelConfigPath = Path.Combine(directory, "config.json");
        bool? addBos = null;
        string? bos = null, eos = null;
        ReadIfPresent(tokenizerConfigPath, (root, json) =>
        {
            addBos = json.OptionalBool(root, "add_bos_token", "tokenizer_config");
            bos = ReadTokenName(root, "bos_token", json);
            eos = ReadTokenName(root, "eos_token", json);
        });

        int? bosId = null, eosId = null;
        ReadIfPresent(modelConfigPath, (root, json) =>
        {
            bosId = json.OptionalId(root, "bos_token_id", "config");
            eosId = JsonFields.Optional(root, "eos_token_id") is { ValueKind: JsonValueKind.Array } list
                ? list.GetArrayLength() > 0 ? json.ReadId(list[0], "config.eos_token_id[0]") : null
                : json.OptionalId(root, "eos_token_id", "config");
        });

        return new TokenizerConfigValues(addBos, bos, eos, bosId, eosId, tokenizerConfigPath, modelConfigPath);
    }

    private static void ReadIfPresent(string path, Action<JsonElement, JsonFields> read)
    {
        if (File.Exists(path))
        {
            var json = new JsonFields(path);
            using var document = json.ParseFile(MaxConfigBytes);
            read(document.RootElement, json);
        }
    }

    private static string? ReadTokenName(JsonElement root, string name, JsonFields json) =>
        JsonFields.Optional(root, name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            { ValueKind: JsonValueKind.Object } value => json.RequiredString(value, "content", $"tokenizer_config.{name}"),
            _ => throw json.Fail($"tokenizer_config.{name} must be a string or an object with 'content'"),
        };
}

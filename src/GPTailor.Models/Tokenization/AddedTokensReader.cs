using System.Text.Json;

namespace GPTailor.Models;

/// <summary>Reads <c>added_tokens</c> and the BOS id of a <c>TemplateProcessing</c> <c>post_processor</c>.</summary>
internal static class AddedTokensReader
{
    /// <summary>Reads <c>added_tokens</c> (absent means none).</summary>
    public static IReadOnlyList<AddedTokenDefinition> Read(JsonElement root, JsonFields json)
    {
        if (JsonFields.Optional(root, "added_tokens") is not { } array)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw json.Fail("added_tokens must be a JSON array");
        }

        var tokens = new List<AddedTokenDefinition>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"added_tokens[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw json.Fail($"{where} must be a JSON object");
            }

            var id = json.OptionalId(item, "id", where) ?? throw json.Fail($"{where}.id is required");
            var content = json.RequiredString(item, "content", where);
            if (content.Length == 0)
            {
                throw json.Fail($"{where}.content must not be empty");
            }

            tokens.Add(new AddedTokenDefinition(
                id,
                content,
                json.OptionalBool(item, "special", where) ?? false,
                json.OptionalBool(item, "lstrip", where) ?? false,
                json.OptionalBool(item, "rstrip", where) ?? false,
                json.OptionalBool(item, "single_word", where) ?? false,
                json.OptionalBool(item, "normalized", where) ?? false));
        }

        return tokens;
    }

    /// <summary>
    /// The id of the special token a <c>TemplateProcessing</c> post-processor puts before <c>$A</c> in its
    /// <c>single</c> template (searched inside a <c>Sequence</c> post-processor too), or <c>null</c>.
    /// </summary>
    public static int? ReadTemplateBosId(JsonElement root, JsonFields json)
    {
        if (JsonFields.Optional(root, "post_processor") is not { } processor)
        {
            return null;
        }

        var type = json.TypeOf(processor, "post_processor");
        if (type == "Sequence")
        {
            foreach (var child in json.RequiredArray(processor, "processors", "post_processor").EnumerateArray())
            {
                if (json.TypeOf(child, "post_processor.processors[]") == "TemplateProcessing")
                {
                    return ReadTemplate(child, json);
                }
            }

            return null;
        }

        return type == "TemplateProcessing" ? ReadTemplate(processor, json) : null;
    }

    private static int? ReadTemplate(JsonElement template, JsonFields json)
    {
        const string where = "post_processor";
        var single = json.RequiredArray(template, "single", where);
        if (single.GetArrayLength() == 0 || JsonFields.Optional(single[0], "SpecialToken") is not { } first)
        {
            return null;
        }

        var name = json.RequiredString(first, "id", $"{where}.single[0].SpecialToken");
        var specials = json.RequiredObject(template, "special_tokens", where);
        var entry = json.RequiredObject(specials, name, $"{where}.special_tokens");
        var ids = json.RequiredArray(entry, "ids", $"{where}.special_tokens.{name}");
        return ids.GetArrayLength() == 1
            ? json.ReadId(ids[0], $"{where}.special_tokens.{name}.ids[0]")
            : throw json.Fail($"{where}.special_tokens.{name} must have exactly one id");
    }
}

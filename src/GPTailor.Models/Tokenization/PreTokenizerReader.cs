using System.Text.Json;

namespace GPTailor.Models;

/// <summary>
/// Reads <c>pre_tokenizer</c>. Supported: none; <c>ByteLevel</c>; <c>Sequence[Split(Regex, Isolated), ByteLevel]</c>
/// (Llama-3, Qwen2); <c>Metaspace</c> (Mistral-style sentencepiece BPE).
/// </summary>
internal static class PreTokenizerReader
{
    /// <summary>The regex GPT-2's ByteLevel pre-tokenizer uses when <c>use_regex</c> is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Reads the element (<c>null</c> means no pre-tokenizer).</summary>
    public static PreTokenizerDefinition Read(JsonElement? element, JsonFields json)
    {
        if (element is null)
        {
            return PreTokenizerDefinition.None;
        }

        const string where = "pre_tokenizer";
        var type = json.TypeOf(element.Value, where);
        return type switch
        {
            "ByteLevel" => ReadByteLevel(element.Value, json, where, splitPattern: null),
            "Metaspace" => ReadMetaspace(element.Value, json, where),
            "Sequence" => ReadSequence(element.Value, json, where),
            _ => throw json.Fail($"{where}: pre-tokenizer type '{type}' is not supported"),
        };
    }

    private static PreTokenizerDefinition ReadSequence(JsonElement element, JsonFields json, string where)
    {
        var items = json.RequiredArray(element, "pretokenizers", where).EnumerateArray().ToList();
        if (items.Count == 1)
        {
            return Read(items[0], json);
        }

        if (items.Count != 2 || json.TypeOf(items[0], $"{where}.pretokenizers[0]") != "Split"
                             || json.TypeOf(items[1], $"{where}.pretokenizers[1]") != "ByteLevel")
        {
            throw json.Fail($"{where}: only Sequence[Split, ByteLevel] is supported");
        }

        var split = items[0];
        var splitWhere = $"{where}.pretokenizers[0]";
        var behavior = json.RequiredString(split, "behavior", splitWhere);
        if (behavior != "Isolated" || json.OptionalBool(split, "invert", splitWhere) == true)
        {
            throw json.Fail($"{splitWhere}: only behavior 'Isolated' without invert is supported");
        }

        var pattern = json.RequiredObject(split, "pattern", splitWhere);
        var regex = json.OptionalString(pattern, "Regex", $"{splitWhere}.pattern")
                    ?? throw json.Fail($"{splitWhere}.pattern must be a Regex");
        _ = NormalizerPipeline.CompileRegex(regex, json, splitWhere);
        var byteLevel = ReadByteLevel(items[1], json, $"{where}.pretokenizers[1]", regex);
        return byteLevel.SplitPattern == regex
            ? byteLevel
            : throw json.Fail($"{where}: a ByteLevel after Split must have use_regex false");
    }

    private static PreTokenizerDefinition ReadByteLevel(JsonElement element, JsonFields json, string where, string? splitPattern)
    {
        var useRegex = json.OptionalBool(element, "use_regex", where) ?? true;
        if (useRegex && splitPattern is not null)
        {
            return new PreTokenizerDefinition { IsByteLevel = true, SplitPattern = null };
        }

        return new PreTokenizerDefinition
        {
            IsByteLevel = true,
            SplitPattern = splitPattern ?? (useRegex ? Gpt2Pattern : null),
            AddPrefixSpace = json.OptionalBool(element, "add_prefix_space", where) ?? false,
        };
    }

    private static PreTokenizerDefinition ReadMetaspace(JsonElement element, JsonFields json, string where)
    {
        var replacement = json.OptionalString(element, "replacement", where) ?? "\u2581";
        var scheme = json.OptionalString(element, "prepend_scheme", where)
                     ?? (json.OptionalBool(element, "add_prefix_space", where) == false ? "never" : "always");
        if (scheme is not ("always" or "first" or "never"))
        {
            throw json.Fail($"{where}.prepend_scheme '{scheme}' is not supported");
        }

        return new PreTokenizerDefinition
        {
            MetaspaceReplacement = replacement,
            MetaspacePrependScheme = scheme,
            MetaspaceSplit = json.OptionalBool(element, "split", where) ?? true,
        };
    }
}

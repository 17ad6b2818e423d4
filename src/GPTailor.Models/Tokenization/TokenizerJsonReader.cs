namespace GPTailor.Models;

/// <summary>Reads and validates a Hugging Face <c>tokenizer.json</c> into a <see cref="TokenizerDefinition"/>.</summary>
internal static class TokenizerJsonReader
{
    /// <summary>Reads the file, rejecting it before parsing when it is larger than <paramref name="maxBytes"/>.</summary>
    public static TokenizerDefinition Read(string path, long maxBytes)
    {
        var json = new JsonFields(path);
        using var document = json.ParseFile(maxBytes);
        var root = document.RootElement;
        var model = BpeModelReader.Read(root, json);
        var preTokenizer = PreTokenizerReader.Read(JsonFields.Optional(root, "pre_tokenizer"), json);
        if (preTokenizer.IsByteLevel && model.ByteFallback)
        {
            throw json.Fail("byte_fallback together with a ByteLevel pre-tokenizer is not supported");
        }

        return new TokenizerDefinition(
            path,
            AddedTokensReader.Read(root, json),
            NormalizerPipeline.Read(JsonFields.Optional(root, "normalizer"), json),
            preTokenizer,
            model,
            DecoderPipeline.Read(JsonFields.Optional(root, "decoder"), json),
            AddedTokensReader.ReadTemplateBosId(root, json));
    }
}

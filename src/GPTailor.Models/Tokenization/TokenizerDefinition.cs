namespace GPTailor.Models;

/// <summary>A validated Hugging Face <c>tokenizer.json</c>.</summary>
internal sealed record TokenizerDefinition(
    string FilePath,
    IReadOnlyList<AddedTokenDefinition> AddedTokens,
    NormalizerPipeline Normalizer,
    PreTokenizerDefinition PreTokenizer,
    BpeModelDefinition Model,
    DecoderPipeline Decoder,
    int? TemplateBosId);

using Microsoft.ML.Tokenizers;

namespace GPTailor.Models;

/// <summary>What <see cref="HfTokenizer"/> needs from a loaded tokenizer, whatever file it came from.</summary>
internal sealed record TokenizerBackend(
    Tokenizer Tokenizer,
    Func<string, List<int>> Encode,
    Func<IEnumerable<int>, bool, string> Decode,
    Func<string, int?> TokenToId,
    int VocabularySize,
    int? TemplateOrModelBosId,
    int? ModelEosId,
    bool DefaultAddsBos);

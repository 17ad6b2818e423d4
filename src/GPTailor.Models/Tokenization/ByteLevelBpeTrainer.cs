using System.Text;
using System.Text.RegularExpressions;

namespace GPTailor.Models;

/// <summary>
/// Trains a small byte-level BPE tokenizer for our own models and writes it as a Hugging Face <c>tokenizer.json</c>
/// (Llama-3-style split regex + ByteLevel, BOS added by a <c>TemplateProcessing</c> post-processor) plus a
/// <c>tokenizer_config.json</c>. Output loads in <see cref="HfTokenizer"/> and in Hugging Face <c>tokenizers</c>
/// with identical ids. Deterministic: the same corpus and settings give byte-identical files.
/// </summary>
public static class ByteLevelBpeTrainer
{
    /// <summary>The pre-tokenization regex written to the file (the Llama-3 pattern).</summary>
    public const string SplitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The largest vocabulary this trainer accepts.</summary>
    public const int MaxVocabularySize = 65_536;

    /// <summary>Trains and writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into a directory.</summary>
    /// <param name="corpus">Training texts (special-token strings in them are not learned from).</param>
    /// <param name="vocabSize">
    /// Target vocabulary size including the 256 byte tokens and the special tokens; smaller when the corpus runs out
    /// of pairs that occur at least twice.
    /// </param>
    /// <param name="specialTokens">Special tokens, at least two: <c>[0]</c> is BOS, <c>[1]</c> is EOS; they get the last ids.</param>
    /// <param name="outputDirectory">Created if missing; existing tokenizer files there are overwritten.</param>
    /// <returns>The path of the written <c>tokenizer.json</c>.</returns>
    /// <exception cref="ArgumentException">Invalid special tokens or vocabulary size.</exception>
    public static string Train(IEnumerable<string> corpus, int vocabSize, IReadOnlyList<string> specialTokens, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(specialTokens);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ValidateSpecialTokens(specialTokens);
        var newTokens = vocabSize - 256 - specialTokens.Count;
        if (newTokens < 0 || vocabSize > MaxVocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize,
                $"The vocabulary size must be between {256 + specialTokens.Count} (bytes + special tokens) and {MaxVocabularySize}.");
        }

        var merges = BpeMergeLearner.Learn(CountWords(corpus, specialTokens), newTokens);
        Directory.CreateDirectory(outputDirectory);
        var jsonPath = Path.Combine(outputDirectory, "tokenizer.json");
        File.WriteAllBytes(jsonPath, ByteLevelBpeJsonWriter.WriteTokenizerJson(merges, specialTokens, SplitPattern));
        File.WriteAllBytes(Path.Combine(outputDirectory, "tokenizer_config.json"), ByteLevelBpeJsonWriter.WriteTokenizerConfig(specialTokens));
        return jsonPath;
    }

    private static void ValidateSpecialTokens(IReadOnlyList<string> specialTokens)
    {
        if (specialTokens.Count < 2)
        {
            throw new ArgumentException("At least two special tokens are needed: BOS then EOS.", nameof(specialTokens));
        }

        if (specialTokens.Any(string.IsNullOrEmpty) || specialTokens.Distinct(StringComparer.Ordinal).Count() != specialTokens.Count)
        {
            throw new ArgumentException("Special tokens must be non-empty and distinct.", nameof(specialTokens));
        }
    }

    private static Dictionary<string, int> CountWords(IEnumerable<string> corpus, IReadOnlyList<string> specialTokens)
    {
        var regex = new Regex(SplitPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        var splitter = new AddedTokenSplitter(specialTokens.Select((t, i) => new AddedTokenDefinition(i, t, true, false, false, false, false)));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(corpus));
            foreach (var segment in splitter.Split(text).Where(s => s.AddedToken is null))
            {
                foreach (Match match in regex.Matches(segment.Text))
                {
                    var word = ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(match.Value));
                    counts[word] = counts.GetValueOrDefault(word) + 1;
                }
            }
        }

        return counts;
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace GPTailor.Models.Tokenization;

/// <summary>
/// Builds a Microsoft.ML.Tokenizers tokenizer for a byte-level BPE <c>tokenizer.json</c> (GPT-2, Llama-3, Qwen2):
/// a <see cref="TiktokenTokenizer"/> from converted ranks when the file has <c>ignore_merges</c> and its merge
/// order follows token ids (tiktoken-derived vocabularies such as Llama-3, where tiktoken and HF agree), otherwise a
/// <see cref="BpeTokenizer"/> with <c>ByteLevel</c> (HF merge-rank semantics). Both use the file's split regex.
/// </summary>
internal static class ByteLevelTokenizerFactory
{
    private const string WholeTextPattern = @"[\s\S]+";

    /// <summary>Creates the tokenizer; special tokens are the file's added tokens.</summary>
    public static Tokenizer Create(TokenizerDefinition definition)
    {
        var specials = definition.AddedTokens
            .GroupBy(t => t.Content, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var regex = new Regex(definition.PreTokenizer.SplitPattern ?? WholeTextPattern, RegexOptions.Compiled);
        var preTokenizer = new RegexPreTokenizer(regex, specials);
        var model = definition.Model;
        if (model.IgnoreMerges && MergeOrderFollowsIds(model))
        {
            using var ranks = BuildTiktokenRanks(definition);
            return TiktokenTokenizer.Create(ranks, preTokenizer, normalizer: null, specials);
        }

        return BpeTokenizer.Create(new BpeOptions(model.Vocabulary)
        {
            Merges = model.Merges.Select(m => $"{m.Left} {m.Right}"),
            ByteLevel = true,
            PreTokenizer = preTokenizer,
            SpecialTokens = specials,
        });
    }

    private static bool MergeOrderFollowsIds(BpeModelDefinition model)
    {
        var previous = -1;
        foreach (var (left, right) in model.Merges)
        {
            var id = model.Vocabulary[left + right];
            if (id < previous)
            {
                return false;
            }

            previous = id;
        }

        return true;
    }

    private static MemoryStream BuildTiktokenRanks(TokenizerDefinition definition)
    {
        var text = new StringBuilder(definition.Model.Vocabulary.Count * 16);
        foreach (var (token, id) in definition.Model.Vocabulary.OrderBy(p => p.Value))
        {
            if (!ByteLevelAlphabet.TryDecode(token, out var bytes))
            {
                throw new TokenizerFormatException(definition.FilePath, $"byte-level vocabulary token '{token}' uses characters outside the byte alphabet");
            }

            text.Append(Convert.ToBase64String(bytes)).Append(' ').Append(id).Append('\n');
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace GPTailor.Models;

/// <summary>
/// Builds a Microsoft.ML.Tokenizers tokenizer for a byte-level BPE <c>tokenizer.json</c> (GPT-2, Llama-3, Qwen2),
/// plus the Hugging Face-exact piece encoder on top of it. When the file is tiktoken-equivalent (<c>ignore_merges</c>,
/// merge order following token ids, and every two-token split of every token listed as a merge — true of Llama-3)
/// a <see cref="TiktokenTokenizer"/> is built from converted ranks; otherwise a <see cref="BpeTokenizer"/> with
/// <c>ByteLevel</c> (HF merge-rank semantics) is fed one pre-tokenized word at a time so that <c>ignore_merges</c>
/// is honoured exactly.
/// </summary>
internal static class ByteLevelTokenizerFactory
{
    private const string WholeTextPattern = @"[\s\S]+";

    /// <summary>Creates the tokenizer and the piece encoder (normalized piece → ids appended to the list).</summary>
    public static (Tokenizer Tokenizer, Action<string, List<int>> EncodePiece) Create(TokenizerDefinition definition)
    {
        var specials = definition.AddedTokens
            .GroupBy(t => t.Content, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        // The pattern comes from the file: a per-match timeout turns pathological backtracking into an exception.
        var regex = new Regex(definition.PreTokenizer.SplitPattern ?? WholeTextPattern, RegexOptions.Compiled, TimeSpan.FromSeconds(10));
        var preTokenizer = new RegexPreTokenizer(regex, specials);
        var model = definition.Model;
        var addPrefixSpace = definition.PreTokenizer.AddPrefixSpace;
        if (IsTiktokenEquivalent(model))
        {
            using var ranks = BuildTiktokenRanks(definition);
            var tiktoken = TiktokenTokenizer.Create(ranks, preTokenizer, normalizer: null, specials);
            return (tiktoken, (piece, output) =>
                output.AddRange(tiktoken.EncodeToIds(WithPrefixSpace(piece, addPrefixSpace), considerPreTokenization: true, considerNormalization: false)));
        }

        var bpe = BpeTokenizer.Create(new BpeOptions(model.Vocabulary)
        {
            Merges = model.Merges.Select(m => $"{m.Left} {m.Right}"),
            ByteLevel = true,
            PreTokenizer = preTokenizer,
            SpecialTokens = specials,
        });
        var vocabulary = model.Vocabulary;
        var ignoreMerges = model.IgnoreMerges;
        return (bpe, (piece, output) =>
        {
            var text = WithPrefixSpace(piece, addPrefixSpace);
            var last = 0;
            foreach (Match match in regex.Matches(text))
            {
                EncodeWord(text[last..match.Index]);
                EncodeWord(match.Value);
                last = match.Index + match.Length;
            }

            EncodeWord(text[last..]);

            void EncodeWord(string word)
            {
                if (word.Length == 0)
                {
                    return;
                }

                if (ignoreMerges && vocabulary.TryGetValue(ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(word)), out var whole))
                {
                    output.Add(whole);
                }
                else
                {
                    output.AddRange(bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
                }
            }
        });
    }

    private static string WithPrefixSpace(string piece, bool addPrefixSpace) =>
        addPrefixSpace && !piece.StartsWith(' ') ? " " + piece : piece;

    private static bool IsTiktokenEquivalent(BpeModelDefinition model)
    {
        if (!model.IgnoreMerges)
        {
            return false;
        }

        var previous = -1;
        var merges = new HashSet<(string, string)>(model.Merges.Count);
        foreach (var (left, right) in model.Merges)
        {
            var id = model.Vocabulary[left + right];
            if (id < previous)
            {
                return false;
            }

            previous = id;
            merges.Add((left, right));
        }

        foreach (var token in model.Vocabulary.Keys)
        {
            for (var k = 1; k < token.Length; k++)
            {
                var left = token[..k];
                var right = token[k..];
                if (model.Vocabulary.ContainsKey(left) && model.Vocabulary.ContainsKey(right) && !merges.Contains((left, right)))
                {
                    return false;
                }
            }
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


namespace GPTailor.Models;

/// <summary>Token ids of perplexity documents: <c>tokens</c> as given, <c>text</c> tokenized with BOS per the tokenizer's configuration.</summary>
public static class TextDocumentEncoder
{
    /// <summary>Encodes the documents; token ids are checked against the model's vocabulary.</summary>
    /// <exception cref="TaskFormatException">A document needs a tokenizer that is missing, or holds an id outside the vocabulary.</exception>
    public static IReadOnlyList<int[]> Encode(IReadOnlyList<TextDocument> documents, HfTokenizer? tokenizer, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var result = new int[documents.Count][];
        for (var i = 0; i < documents.Count; i++)
        {
            var doc = documents[i];
            if (doc.Tokens is not null)
            {
                result[i] = doc.Tokens.ToArray();
            }
            else if (tokenizer is null)
            {
                throw new TaskFormatException($"Document {i} has text, but the model directory has no tokenizer (tokenizer.json or tokenizer.model).");
            }
            else
            {
                result[i] = tokenizer.Encode(doc.Text!);
            }

            if (result[i].Any(t => t < 0 || t >= vocabularySize))
            {
                throw new TaskFormatException($"Document {i}: token id outside the model's vocabulary [0, {vocabularySize}).");
            }
        }

        return result;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace GPTailor.Models;

/// <summary>
/// Keys of the prefixes of a stitched model for <see cref="PrefixActivationCache"/>: key m − 1 names the embeddings and
/// the first m layers (SHA-256 chained over the stitcher's recipe keys), so two plans share key m − 1 exactly when their
/// embeddings and first m layers are built from the same recipes.
/// </summary>
internal static class PrefixKeys
{
    /// <summary>The keys of depths 1..n for an embeddings key and the n layer keys in order.</summary>
    public static string[] Of(string embeddingsKey, IReadOnlyList<string> layerKeys)
    {
        var keys = new string[layerKeys.Count];
        var previous = Hash("embed\n" + embeddingsKey);
        for (int m = 0; m < layerKeys.Count; m++)
        {
            previous = Hash(previous + "\n" + layerKeys[m]);
            keys[m] = previous;
        }

        return keys;
    }

    /// <summary>A hex SHA-256 of the text (UTF-8).</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

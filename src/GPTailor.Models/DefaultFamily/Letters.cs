namespace GPTailor.Models;

/// <summary>Helpers for the letter skills.</summary>
internal static class Letters
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>A word of distinct random letters.</summary>
    public static string RandomWord(Random random, int minLength, int maxLength)
    {
        var length = random.Next(minLength, maxLength + 1);
        return new string(Alphabet.OrderBy(_ => random.Next()).Take(length).ToArray());
    }

    /// <summary>The word with two different positions swapped.</summary>
    public static string SwapTwo(string word, Random random)
    {
        var chars = word.ToCharArray();
        var i = random.Next(chars.Length);
        var j = (i + 1 + random.Next(chars.Length - 1)) % chars.Length;
        (chars[i], chars[j]) = (chars[j], chars[i]);
        return new string(chars);
    }

    /// <summary>A random permutation of the word.</summary>
    public static string Shuffle(string word, Random random) => new(word.OrderBy(_ => random.Next()).ToArray());
}

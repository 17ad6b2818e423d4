namespace GPTailor.Models;

/// <summary>
/// The GPT-2 reversible byte ↔ printable-character map used by byte-level BPE vocabularies: printable Latin-1
/// bytes map to themselves, the other 68 bytes map to U+0100 upward in byte order.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToCharTable = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByteTable = BuildCharToByte();

    /// <summary>The character standing for <paramref name="value"/>.</summary>
    public static char ByteToChar(byte value) => ByteToCharTable[value];

    /// <summary>The byte a character stands for, if it is one of the 256 alphabet characters.</summary>
    public static bool TryCharToByte(char c, out byte value) => CharToByteTable.TryGetValue(c, out value);

    /// <summary>Maps UTF-8 bytes to their alphabet string.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToCharTable[bytes[i]];
        }

        return new string(chars);
    }

    /// <summary>Maps an alphabet string back to bytes; <c>false</c> if a character is outside the alphabet.</summary>
    public static bool TryDecode(string token, out byte[] bytes)
    {
        bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!CharToByteTable.TryGetValue(token[i], out bytes[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var map = new Dictionary<char, byte>(256);
        for (var b = 0; b < 256; b++)
        {
            map[ByteToCharTable[b]] = (byte)b;
        }

        return map;
    }
}

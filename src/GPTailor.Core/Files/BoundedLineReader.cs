using System.Text;

namespace GPTailor;

/// <summary>
/// Splits a stream into lines (at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, as <see cref="File.ReadLines(string)"/>)
/// and decodes each as strict UTF-8 (a leading byte order mark is skipped). A line is refused as soon as it passes the
/// length limit, while it is read, so memory stays bounded whatever the file holds (<c>/dev/zero</c>, one endless line).
/// Every problem is the caller's exception, made from a message that names the file and the 1-based line:
/// <c>FILE:LINE: line longer than N characters (refused while reading).</c> or
/// <c>FILE:LINE: not valid UTF-8 at byte B of the line; WHAT must be UTF-8.</c>
/// </summary>
public sealed class BoundedLineReader
{
    /// <summary>The line limit used when none is given, in UTF-16 characters (4 Mi).</summary>
    public const int DefaultMaxLineLength = 4 * 1024 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Stream _stream;
    private readonly string _path;
    private readonly string _what;
    private readonly Func<string, Exception?, Exception> _error;
    private readonly byte[] _block = new byte[64 * 1024];
    private byte[] _line = new byte[4096];
    private int _position;
    private int _count;
    private bool _started;
    private bool _afterCarriageReturn;

    /// <summary>Creates a reader over <paramref name="stream"/> (not disposed by the reader).</summary>
    /// <param name="stream">The stream, read from its current position.</param>
    /// <param name="path">The file path, for messages.</param>
    /// <param name="what">What files of this kind are, plural, for the UTF-8 message (for example <c>task data files</c>).</param>
    /// <param name="error">Makes the caller's exception from (message naming file and line, inner exception).</param>
    /// <param name="maxLineLength">The longest accepted line, in UTF-16 characters.</param>
    public BoundedLineReader(Stream stream, string path, string what, Func<string, Exception?, Exception> error, int maxLineLength = DefaultMaxLineLength)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _what = what ?? throw new ArgumentNullException(nameof(what));
        _error = error ?? throw new ArgumentNullException(nameof(error));
        MaxLineLength = maxLineLength > 0 ? maxLineLength : throw new ArgumentOutOfRangeException(nameof(maxLineLength), maxLineLength, "The line limit must be positive.");
    }

    /// <summary>The longest accepted line, in UTF-16 characters.</summary>
    public int MaxLineLength { get; }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int Number { get; private set; }

    /// <summary>The next line, or null at the end of the stream.</summary>
    /// <exception cref="Exception">The caller's exception: the line is too long or not valid UTF-8.</exception>
    public string? Next()
    {
        var length = 0;
        var characters = 0;
        var any = false;
        while (true)
        {
            if (_position == _count)
            {
                _count = _stream.Read(_block, 0, _block.Length);
                _position = 0;
                if (!_started)
                {
                    _started = true;
                    _position = _count >= 3 && _block[0] == 0xEF && _block[1] == 0xBB && _block[2] == 0xBF ? 3 : 0;
                    continue;
                }

                if (_count == 0)
                {
                    if (!any)
                    {
                        return null;
                    }

                    break;
                }
            }

            var b = _block[_position++];
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (b == (byte)'\n')
                {
                    continue;
                }
            }

            any = true;
            if (b == (byte)'\n')
            {
                break;
            }

            if (b == (byte)'\r')
            {
                _afterCarriageReturn = true;
                break;
            }

            // UTF-16 length of valid UTF-8: one unit per lead byte, two for a four-byte sequence.
            if ((b & 0xC0) != 0x80)
            {
                characters += b >= 0xF0 ? 2 : 1;
                if (characters > MaxLineLength)
                {
                    throw _error($"{_path}:{Number + 1}: line longer than {MaxLineLength} characters (refused while reading).", null);
                }
            }

            if (length == _line.Length)
            {
                Array.Resize(ref _line, _line.Length * 2);
            }

            _line[length++] = b;
        }

        Number++;
        try
        {
            return Strict.GetString(_line, 0, length);
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? $" at byte {ex.Index + 1} of the line" : string.Empty;
            throw _error($"{_path}:{Number}: not valid UTF-8{at}; {_what} must be UTF-8.", ex);
        }
    }
}

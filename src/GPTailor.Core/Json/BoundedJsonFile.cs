using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// One JSON file read with bounds: it must exist and be a regular file (a device such as <c>/dev/zero</c>, a FIFO or a
/// socket is refused before it is opened, as the caller's exception), it is refused before reading when larger than
/// <see cref="MaxBytes"/>, it is parsed with a nesting limit of <see cref="MaxDepth"/> and without duplicate property names,
/// and every problem with it becomes the caller's own exception type, made by the error factory given to the constructor.
/// Relative paths written in the file are resolved against the file's directory (<see cref="ResolvePath"/>).
/// </summary>
/// <remarks>
/// The error factory receives the file path as given, a reason that does not repeat the path (for example
/// <c>not valid JSON at line 3, byte 7: ...</c>) and the underlying exception, if any. A missing file (or a directory
/// given where a file is expected) is a <see cref="FileNotFoundException"/>, not a format error.
/// </remarks>
/// <param name="path">The file path; kept as given in messages.</param>
/// <param name="description">What the file is, lower case, for messages (for example <c>plan file</c>).</param>
/// <param name="maxBytes">Larger files are refused before they are read.</param>
/// <param name="error">Makes the caller's exception from (path, reason without the path, inner exception).</param>
/// <param name="maxDepth">The nesting limit of the JSON parser.</param>
public sealed class BoundedJsonFile(string path, string description, long maxBytes, Func<string, string, Exception?, Exception> error, int maxDepth = BoundedJsonFile.DefaultMaxDepth)
{
    /// <summary>The nesting limit used when none is given.</summary>
    public const int DefaultMaxDepth = 64;

    private readonly Func<string, string, Exception?, Exception> _error = error ?? throw new ArgumentNullException(nameof(error));

    /// <summary>The file path as given.</summary>
    public string Path { get; } = (path ?? throw new ArgumentNullException(nameof(path))).Length > 0 ? path : throw new ArgumentException("A file path is required.", nameof(path));

    /// <summary>What the file is, for messages.</summary>
    public string Description { get; } = !string.IsNullOrWhiteSpace(description ?? throw new ArgumentNullException(nameof(description))) ? description : throw new ArgumentException("A description is required.", nameof(description));

    /// <summary>The size limit in bytes.</summary>
    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The size limit must be positive.");

    /// <summary>The nesting limit of the parser.</summary>
    public int MaxDepth { get; } = maxDepth > 0 ? maxDepth : throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "The nesting limit must be positive.");

    /// <summary>The absolute directory that holds the file; relative paths in the file are resolved against it.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>Whether the file exists (a directory does not count).</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>The caller's exception for a problem in this file.</summary>
    /// <param name="reason">What is wrong, without the file path.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public Exception Fail(string reason, Exception? inner = null) => _error(Path, reason, inner);

    /// <summary>An absolute path for <paramref name="relativePath"/> as written in the file (relative to its directory).</summary>
    public string ResolvePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, relativePath));
    }

    /// <summary>Reads and parses the file; the root may be any JSON value (null for a JSON <c>null</c>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path names a directory.</exception>
    /// <exception cref="Exception">The caller's exception: the file is too large or not valid JSON.</exception>
    public JsonNode? ReadNode()
    {
        var bytes = ReadBytes();
        try
        {
            return JsonNode.Parse(bytes.Span, documentOptions: DocumentOptions(MaxDepth));
        }
        catch (JsonException ex)
        {
            throw Fail(InvalidJsonReason(ex), ex);
        }
    }

    /// <summary>Reads and parses the file, whose root must be a JSON object.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path names a directory.</exception>
    /// <exception cref="Exception">The caller's exception: too large, not valid JSON, or the root is not an object.</exception>
    public JsonObject ReadObject() =>
        ReadNode() as JsonObject ?? throw Fail("the root must be a JSON object");

    /// <summary>Reads and parses the file into a read-only document (dispose it); the root may be any JSON value.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path names a directory.</exception>
    /// <exception cref="Exception">The caller's exception: the file is too large or not valid JSON.</exception>
    public JsonDocument ReadDocument()
    {
        var bytes = ReadBytes();
        try
        {
            return JsonDocument.Parse(bytes, DocumentOptions(MaxDepth));
        }
        catch (JsonException ex)
        {
            throw Fail(InvalidJsonReason(ex), ex);
        }
    }

    /// <summary>Parses JSON text with the same options and error wording as a file read (for <c>Parse(string)</c> APIs).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="maxDepth">The nesting limit.</param>
    /// <param name="error">Makes the caller's exception from (reason, inner exception).</param>
    /// <returns>The root node (null for a JSON <c>null</c>).</returns>
    public static JsonNode? ParseText(string json, int maxDepth, Func<string, Exception?, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return JsonNode.Parse(json, documentOptions: DocumentOptions(maxDepth));
        }
        catch (JsonException ex)
        {
            throw error(InvalidJsonReason(ex), ex);
        }
    }

    /// <summary>
    /// The reason for a parser error, with a 1-based line and byte position and the JSON path where known:
    /// <c>not valid JSON at line 2, byte 6: 'x' is an invalid start of a value.</c>
    /// </summary>
    public static string InvalidJsonReason(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message;
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            var cut = text.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                text = text[..cut];
            }
        }

        var where = exception.LineNumber is long line
            ? $" at line {line + 1}, byte {(exception.BytePositionInLine ?? 0) + 1}"
            : string.Empty;
        var path = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" (JSON path {exception.Path})";
        return $"not valid JSON{where}{path}: {text}";
    }

    private static JsonDocumentOptions DocumentOptions(int maxDepth) =>
        new() { MaxDepth = maxDepth, AllowDuplicateProperties = false };

    private ReadOnlyMemory<byte> ReadBytes()
    {
        // File.Exists is true for devices and FIFOs too: /dev/zero reports length 0 and a FIFO blocks on open.
        var buffer = RegularFile.ReadAllBytes(Path, Description, MaxBytes, reason => Fail(reason));
        var read = buffer.Length;

        // A UTF-8 byte order mark is allowed (as File.ReadAllText allowed it); the parser does not skip it.
        var start = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        return buffer.AsMemory(start, read - start);
    }
}

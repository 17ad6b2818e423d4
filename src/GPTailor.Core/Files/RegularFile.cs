namespace GPTailor;

/// <summary>
/// The regular-file rule every reader applies before it opens a file, and a bounded whole-file read: a directory, a
/// character or block device (<c>/dev/zero</c>), a FIFO or a socket is refused before it is opened (see
/// <see cref="FilePaths.NonRegularFileKind"/>), so nothing blocks on a FIFO or reads an endless device; a missing file is
/// a <see cref="FileNotFoundException"/>. Other problems are the caller's exception, made from a reason that does not
/// repeat the path (for example <c>the plan file is a FIFO (named pipe), not a regular file; only regular files are read</c>).
/// </summary>
public static class RegularFile
{
    /// <summary>Checks that <paramref name="path"/> names a regular file (symbolic links followed).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="description">What the file is, lower case (for example <c>safetensors index</c>).</param>
    /// <param name="error">Makes the caller's exception from a reason without the path.</param>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path names a directory.</exception>
    /// <exception cref="Exception">The caller's exception: a device, FIFO, socket or other non-regular file.</exception>
    public static void Check(string path, string description, Func<string, Exception> error)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(error);
        switch (FilePaths.NonRegularFileKind(path))
        {
            case null:
                return;
            case "not found":
                throw new FileNotFoundException($"{Capitalized(description)} not found: {path}", path);
            case "a directory":
                throw new FileNotFoundException($"{Capitalized(description)} expected at {path}, but that is a directory.", path);
            case var kind:
                throw error($"the {description} is {kind}, not a regular file; only regular files are read");
        }
    }

    /// <summary>
    /// Reads a whole regular file of at most <paramref name="maxBytes"/> bytes (refused before reading when larger);
    /// a device that reports length 0 (such as <c>/dev/zero</c>) never gets this far.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="description">What the file is, lower case.</param>
    /// <param name="maxBytes">Larger files are refused.</param>
    /// <param name="error">Makes the caller's exception from a reason without the path.</param>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path names a directory.</exception>
    /// <exception cref="Exception">The caller's exception: not a regular file, or larger than the limit.</exception>
    public static byte[] ReadAllBytes(string path, string description, long maxBytes, Func<string, Exception> error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        Check(path, description, error);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var limit = Math.Min(maxBytes, Array.MaxLength);
        var length = stream.Length;
        if (length > limit)
        {
            throw error($"the {description} is {length} bytes, above the {limit}-byte limit");
        }

        var buffer = new byte[length];
        var read = 0;
        while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var n && n > 0)
        {
            read += n;
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }

    private static string Capitalized(string description) => char.ToUpperInvariant(description[0]) + description[1..];
}

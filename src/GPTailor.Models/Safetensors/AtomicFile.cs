namespace GPTailor.Models;

/// <summary>Writes files under a temporary name in the target directory, then renames them into place.</summary>
internal static class AtomicFile
{
    /// <summary>A unique hidden temporary path next to <paramref name="finalPath"/>.</summary>
    public static string TemporaryPathFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(finalPath))!, $".{Path.GetFileName(finalPath)}.tmp-{Guid.NewGuid():N}");

    /// <summary>
    /// Writes a temporary file with <paramref name="write"/>; deletes it on failure. The file is flushed to the OS but not
    /// fsynced (as Hugging Face does): the rename protects against crashes of this process and torn reads, not power loss.
    /// </summary>
    public static void WriteTemporary(string temporaryPath, Action<Stream> write)
    {
        try
        {
            using var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            write(stream);
            stream.Flush(flushToDisk: false);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> atomically: a temporary file, then a rename over the target.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temporary = TemporaryPathFor(path);
        WriteTemporary(temporary, write);
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Deletes a file, ignoring failures (for clean-up paths).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

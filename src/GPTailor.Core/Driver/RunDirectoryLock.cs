using System.Globalization;
using System.Text;

namespace GPTailor;

/// <summary>
/// The exclusive lock of a run directory: <c>run.lock</c> opened with <see cref="FileShare.None"/> (an OS lock:
/// <c>flock</c> on Linux and macOS, a sharing lock on Windows) and held for the run's life; the OS releases it when the
/// process ends, however it ends. The holder writes its process id into <c>run.lock</c> and, readable while the lock
/// is held, into <c>run.pid</c>; a second writer is refused with that id.
/// </summary>
internal sealed class RunDirectoryLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _pidFile;

    private RunDirectoryLock(FileStream stream, string pidFile)
    {
        _stream = stream;
        _pidFile = pidFile;
    }

    /// <summary>Takes the lock of <paramref name="layout"/>'s directory (which must exist).</summary>
    /// <exception cref="SearchFailedException">Another process, or another run in this process, holds the lock.</exception>
    public static RunDirectoryLock Acquire(RunDirectoryLayout layout)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(layout.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            var holder = ReadHolder(layout.Pid);
            throw new SearchFailedException(
                $"{layout.Directory} is in use by another search ({(holder is null ? "process id unknown" : $"PID {holder}")}, holding {layout.Lock}); " +
                "wait for it to finish (or stop it) before starting or resuming a search there, or choose another directory.",
                ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SearchFailedException($"{layout.Lock}: cannot create the run directory's lock file: {ex.Message}", ex);
        }

        try
        {
            var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n";
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(pid));
            stream.Flush(flushToDisk: false);
            var temp = layout.Pid + ".tmp";
            File.WriteAllText(temp, pid);
            File.Move(temp, layout.Pid, overwrite: true);
            return new RunDirectoryLock(stream, layout.Pid);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Removes <c>run.pid</c> and releases the lock (<c>run.lock</c> stays: deleting a lock file races with its next holder).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // a stale run.pid is harmless: the next holder replaces it
        }
        catch (UnauthorizedAccessException)
        {
        }

        _stream.Dispose();
    }

    private static int? ReadHolder(string pidFile)
    {
        try
        {
            var info = new FileInfo(pidFile);
            if (!info.Exists || info.Length > 32)
            {
                return null;
            }

            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace GPTailor.Models;

/// <summary>
/// A read-only memory mapping of a whole file. Reads pin the view's handle, so a concurrent
/// <see cref="Dispose"/> never unmaps memory that another thread is still copying from.
/// </summary>
internal sealed unsafe partial class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private static volatile bool _adviseUnavailable;
    private int _disposed;

    private MappedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        _map = map;
        _view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    /// <summary>File length in bytes.</summary>
    public long Length { get; }

    /// <summary>Maps <paramref name="path"/>, which must be at least one byte long.</summary>
    public static MappedFile Open(string path, long length)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        MemoryMappedFile? map = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(map, view, length);
        }
        catch
        {
            if (map is null)
            {
                stream.Dispose();
            }

            map?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the <paramref name="length"/> bytes at <paramref name="offset"/> while the
    /// mapping is pinned. The caller has validated the range against <see cref="Length"/>.
    /// </summary>
    public void Use(long offset, long length, MappedBytesAction action)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        var handle = _view.SafeMemoryMappedViewHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            action(_pointer + offset, length);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Drops the whole pages inside the <paramref name="length"/> bytes at <paramref name="source"/> (a range of a mapping,
    /// pinned by the caller) from this process's resident set (<c>madvise(MADV_DONTNEED)</c>, Linux only). The mapping is
    /// read-only and file-backed, so the data stays in the page cache and a later read faults it back in unchanged; the
    /// process just stops holding (and being charged for) pages it has already copied out.
    /// </summary>
    public static void DropResident(byte* source, long length)
    {
        if (!OperatingSystem.IsLinux() || _adviseUnavailable)
        {
            return;
        }

        var page = (nuint)Environment.SystemPageSize;
        var start = ((nuint)source + page - 1) / page * page;
        var end = ((nuint)source + (nuint)length) / page * page;
        if (end <= start)
        {
            return;
        }

        try
        {
            _ = MAdvise((nint)start, end - start, AdviseDontNeed);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _adviseUnavailable = true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private const int AdviseDontNeed = 4;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);
}

/// <summary>Receives a pinned pointer into a <see cref="MappedFile"/>.</summary>
/// <param name="source">First byte.</param>
/// <param name="length">Number of bytes.</param>
internal unsafe delegate void MappedBytesAction(byte* source, long length);

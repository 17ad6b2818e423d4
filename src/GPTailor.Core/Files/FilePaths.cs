using System.Runtime.InteropServices;

namespace GPTailor;

/// <summary>
/// Path helpers shared by every reader and writer: canonical real paths (to compare paths whatever their spelling)
/// and the regular-file check readers make before they open a file (a device, a FIFO or a directory is never read).
/// </summary>
public static partial class FilePaths
{
    private const int MaxLinkDepth = 40;

    /// <summary>How paths compare on this system: case-insensitive on Windows and macOS, ordinal elsewhere.</summary>
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// The canonical real path, with <c>realpath</c> semantics: made absolute against the current directory, then
    /// resolved component by component (<c>.</c> dropped, <c>..</c> taken after the symbolic links before it are
    /// resolved, links followed to their final target); components that do not exist are kept as spelled, and the
    /// result has no trailing separator (except a root).
    /// </summary>
    /// <param name="path">A file or directory path, existing or not.</param>
    /// <exception cref="IOException">A cycle of symbolic links (more than 40 levels).</exception>
    public static string Canonical(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Resolve(Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path), 0);
    }

    /// <summary>
    /// Null when <paramref name="path"/> names a regular file (symbolic links followed); otherwise what it names, as a
    /// phrase for messages: <c>a directory</c>, <c>a character device</c> (such as <c>/dev/zero</c>), <c>a block
    /// device</c>, <c>a FIFO (named pipe)</c>, <c>a socket</c>, or <c>not found</c>. Nothing is opened, so a FIFO
    /// without a writer does not block. Devices, FIFOs and sockets are told apart on Linux; elsewhere only
    /// directories and missing paths are recognised.
    /// </summary>
    /// <param name="path">The path to check.</param>
    public static string? NonRegularFileKind(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsLinux() && LinuxFileType(path) is int type)
        {
            return type switch
            {
                RegularType => null,
                0x4000 => "a directory",
                0x2000 => "a character device",
                0x6000 => "a block device",
                0x1000 => "a FIFO (named pipe)",
                0xC000 => "a socket",
                _ => "not a regular file",
            };
        }

        return Directory.Exists(path) ? "a directory" : File.Exists(path) ? null : "not found";
    }

    private const int RegularType = 0x8000;

    private static string Resolve(string absolute, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new IOException($"Too many levels of symbolic links in {absolute}.");
        }

        var root = Path.GetPathRoot(absolute)!;
        var current = root;
        foreach (var part in absolute[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            var link = new FileInfo(next).LinkTarget;
            current = link is null ? next : Resolve(Path.IsPathRooted(link) ? link : Path.Combine(current, link), depth + 1);
        }

        return current;
    }

    /// <summary>The <c>S_IFMT</c> bits of the file (links followed), or null when statx is unavailable or fails.</summary>
    private static int? LinuxFileType(string path)
    {
        // struct statx has the same layout on every Linux architecture: stx_mask (u32) at 0, stx_mode (u16) at 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (StatX(AtFdCwd, path, 0, StatXType, buffer) != 0 || (BitConverter.ToUInt32(buffer[..4]) & StatXType) == 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a libc without statx (glibc < 2.28): fall back to the portable checks
        }

        return BitConverter.ToUInt16(buffer[28..30]) & 0xF000;
    }

    private const int AtFdCwd = -100;
    private const uint StatXType = 0x1;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, Span<byte> buffer);
}

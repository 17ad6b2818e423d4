using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace GPTailor.Models;

/// <summary>
/// The one place that decides where an export may write. An output is refused when it is, contains or lies inside
/// one of the export's inputs (compared as canonical real paths: <c>..</c>, <c>.</c>, trailing separators and symbolic
/// links resolved), when it is a file, and when it is a non-empty directory without force. Force replaces only a
/// previous export of ours: a directory holding <c>gptailor-plan.json</c> and nothing but the files an export writes.
/// Publishing swaps the finished temporary directory in (an atomic exchange on Linux), and every export first sweeps
/// the stale <c>.NAME.tmp-*</c> and <c>NAME.old-*</c> siblings a killed export of the same target left behind.
/// </summary>
public static partial class ExportTarget
{
    /// <summary>The recipe file every export writes; its presence marks a directory as a previous export.</summary>
    public const string RecipeFileName = "gptailor-plan.json";

    private static readonly StringComparison PathComparison = FilePaths.Comparison;

    private static readonly HashSet<string> ExportFileNames = new(
        ["config.json", RecipeFileName, "mergekit_config.yml", "README.md", ShardedSafetensorsWriter.SingleFileName, ShardedSafetensorsWriter.IndexFileName, .. TailoredModelExporter.TokenizerFiles],
        StringComparer.Ordinal);

    /// <summary>
    /// The canonical real path (<see cref="FilePaths.Canonical"/>, <c>realpath</c> semantics), with a cycle of
    /// symbolic links reported as an <see cref="ExportException"/>.
    /// </summary>
    /// <param name="path">A file or directory path, existing or not.</param>
    /// <exception cref="ExportException">A cycle of symbolic links.</exception>
    public static string CanonicalPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return FilePaths.Canonical(path);
        }
        catch (IOException ex)
        {
            throw new ExportException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Checks an output directory before any work starts; returns its canonical path. Nothing is written, except that
    /// what a killed export of the same target left beside it (<c>.NAME.tmp-GUID</c>, <c>NAME.old-GUID</c>, see
    /// <see cref="TailoredModelExporter"/>) is swept first, and only when no live export holds the target's lock (a
    /// running export owns its own temporary folder); a <c>NAME.old-GUID</c> put back at a missing NAME then counts as
    /// the existing output.
    /// </summary>
    /// <param name="outputDirectory">The output directory as the user spelled it.</param>
    /// <param name="inputs">Everything the output must not be, contain or lie inside.</param>
    /// <param name="force">Whether a previous export of ours may be replaced.</param>
    /// <exception cref="ExportException">The output overlaps an input, is a file, or is a non-empty directory that
    /// may not be replaced; the message names both paths.</exception>
    public static string Check(string outputDirectory, IEnumerable<ExportInput> inputs, bool force)
    {
        var target = CheckOverlap(outputDirectory, inputs);
        SweepUnlessLocked(target);
        CheckReplaceable(target, force);
        return target;
    }

    /// <summary>True when <paramref name="directory"/> is a previous export of ours: it holds <c>gptailor-plan.json</c>
    /// and only regular files an export writes (no folders, no links, no other files).</summary>
    /// <param name="directory">The directory.</param>
    public static bool IsPreviousExport(string directory) => WhyNotPreviousExport(directory) is null;

    /// <summary>The overlap check alone; returns the canonical target.</summary>
    internal static string CheckOverlap(string outputDirectory, IEnumerable<ExportInput> inputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(inputs);
        var target = CanonicalPath(outputDirectory);
        if (Path.GetDirectoryName(target) is null)
        {
            throw new ExportException($"The output {target} is a root directory; choose a folder for the tailored model.");
        }

        foreach (var input in inputs)
        {
            var protectedPath = CanonicalPath(input.Path);
            var relation = string.Equals(target, protectedPath, PathComparison) ? "is"
                : IsInside(protectedPath, target) ? "contains"
                : IsInside(target, protectedPath) ? "is inside"
                : null;
            if (relation is not null)
            {
                var spelled = string.Equals(target, Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), PathComparison) ? string.Empty : $" ({outputDirectory})";
                throw new ExportException($"The output {target}{spelled} {relation} {input.Role} {protectedPath}; an export never writes over its inputs, choose another output directory.");
            }
        }

        return target;
    }

    /// <summary>The existing-target rule: a file is refused; a non-empty directory needs force and must be a previous export.</summary>
    internal static void CheckReplaceable(string target, bool force)
    {
        if (File.Exists(target))
        {
            throw new ExportException($"The output {target} is a file, not a directory; an export replaces only a previous export, never a file.");
        }

        if (!Directory.Exists(target) || !Directory.EnumerateFileSystemEntries(target).Any())
        {
            return;
        }

        if (!force)
        {
            throw new ExportException($"{target} already exists and is not empty; pass --force (ExportOptions.Force) to replace a previous export.");
        }

        if (WhyNotPreviousExport(target) is { } why)
        {
            throw new ExportException($"{target} is not a previous GPTailor export ({why}); --force replaces only a folder an export wrote (with {RecipeFileName} and nothing else), so nothing was touched. Choose another output directory or empty it yourself.");
        }
    }

    /// <summary>Takes the export lock of a target (<c>.NAME.lock</c> beside it, released by the OS if the process dies).</summary>
    internal static IDisposable Lock(string target)
    {
        var path = LockPath(target);
        try
        {
            return OpenLock(path);
        }
        catch (IOException ex)
        {
            throw new ExportException($"Another export is writing {target} (it holds {path}); wait for it to finish.", ex);
        }
    }

    /// <summary>
    /// Removes what a killed export of <paramref name="outputDirectory"/> left beside it (<c>.NAME.tmp-GUID</c> folders
    /// deleted; a <c>NAME.old-GUID</c> put back at NAME when NAME is missing, else deleted), only when no live export
    /// holds the output's lock: a running export owns its own temporary folder. Every export does this when it starts;
    /// applications call it at their own start-up for outputs they will write later.
    /// </summary>
    /// <param name="outputDirectory">The output directory as the user spelled it.</param>
    /// <returns>True when the leftovers were swept; false, touching nothing, when a live export holds the lock (or it
    /// cannot be taken, or the parent folder does not exist).</returns>
    /// <exception cref="ExportException">A cycle of symbolic links in the path.</exception>
    public static bool SweepLeftoversUnlessLocked(string outputDirectory) => SweepUnlessLocked(CanonicalPath(outputDirectory));

    /// <summary>As <see cref="SweepLeftoversUnlessLocked"/> for a canonical target.</summary>
    internal static bool SweepUnlessLocked(string target)
    {
        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            return false;
        }

        FileStream held;
        try
        {
            held = OpenLock(LockPath(target));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        using (held)
        {
            SweepLeftovers(target);
            return true;
        }
    }

    private static string LockPath(string target) => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.lock");

    /// <summary>Opens a lock file exclusively (an OS lock, released if the process dies; the file is deleted on close).</summary>
    /// <exception cref="IOException">Another holder has it.</exception>
    internal static FileStream OpenLock(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);

    /// <summary>A fresh temporary directory name beside the target: <c>.NAME.tmp-GUID</c>.</summary>
    internal static string TemporaryPath(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");

    /// <summary>
    /// Removes what a killed export of this target left: every <c>NAME.old-GUID</c> is restored to NAME when NAME is
    /// missing (the newest one), else deleted; every <c>.NAME.tmp-GUID</c> is deleted. Only those exact names are touched.
    /// Call with the target's lock held. Returns the number of entries swept.
    /// </summary>
    internal static int SweepLeftovers(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        var name = Regex.Escape(Path.GetFileName(target));
        var oldPattern = new Regex($"^{name}\\.old-[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
        var tmpPattern = new Regex($"^\\.{name}\\.tmp-[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
        var entries = new DirectoryInfo(parent).EnumerateFileSystemInfos().ToArray();
        var olds = entries.Where(e => oldPattern.IsMatch(e.Name)).OrderByDescending(e => e.LastWriteTimeUtc).ToList();
        var swept = 0;
        if (olds.Count > 0 && !Directory.Exists(target) && !File.Exists(target) && olds[0].LinkTarget is null)
        {
            Rename(olds[0].FullName, target);
            olds.RemoveAt(0);
            swept++;
        }

        foreach (var entry in olds.Concat(entries.Where(e => tmpPattern.IsMatch(e.Name))))
        {
            Remove(entry);
            swept++;
        }

        return swept;
    }

    /// <summary>
    /// Puts the finished temporary directory at the target. On Linux the two are exchanged atomically (renameat2
    /// RENAME_EXCHANGE), so the target always holds the old or the new model, and the old one (now under the temporary
    /// name) is deleted; elsewhere the old model is first renamed to <c>NAME.old-GUID</c>, which the next export
    /// restores if a crash came between the two renames.
    /// </summary>
    internal static void Publish(string temp, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }

        if (OperatingSystem.IsLinux() && TryExchange(temp, target))
        {
            Directory.Delete(temp, recursive: true);
            return;
        }

        var old = target + $".old-{Guid.NewGuid():N}";
        Directory.Move(target, old);
        Directory.Move(temp, target);
        Directory.Delete(old, recursive: true);
    }

    private static bool IsInside(string child, string parent) =>
        child.Length > parent.Length
        && child.StartsWith(parent, PathComparison)
        && (Path.EndsInDirectorySeparator(parent) || child[parent.Length] == Path.DirectorySeparatorChar);

    private static string? WhyNotPreviousExport(string directory)
    {
        if (!File.Exists(Path.Combine(directory, RecipeFileName)))
        {
            return $"no {RecipeFileName}";
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is not FileInfo || entry.LinkTarget is not null)
            {
                return $"it holds {entry.Name}, which is not a regular file";
            }

            if (!ExportFileNames.Contains(entry.Name) && !ShardName().IsMatch(entry.Name))
            {
                return $"it holds {entry.Name}, which an export does not write";
            }
        }

        return null;
    }

    private static void Rename(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void Remove(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory && entry.LinkTarget is null)
        {
            directory.Delete(recursive: true);
        }
        else
        {
            entry.Delete(); // a file, or a link itself (never what it points to)
        }
    }

    private static bool TryExchange(string a, string b)
    {
        try
        {
            return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // an old libc: fall back to two renames
        }
    }

    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [GeneratedRegex("^model-[0-9]{5}-of-[0-9]{5}\\.safetensors$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardName();
}

namespace GPTailor.Datasets;

/// <summary>
/// Finds the files of one split of a dataset on disk. A file path is used as is. Under a directory, a data file
/// (<see cref="DatasetFileReader.Extensions"/>) belongs to split <c>S</c> when its name is <c>S.ext</c> or starts with
/// <c>S-</c> (the hub's <c>validation-00000-of-00001.parquet</c>), or when a folder between the directory and the file is
/// named <c>S</c> (<c>datasets.save_to_disk</c>'s <c>validation/data-00000-of-00001.arrow</c>); without a split every data
/// file is used. Files are read in ordinal order of their relative paths. Every file's real path (symbolic links
/// resolved) must lie inside the directory's real path: a link that leads outside is refused.
/// </summary>
public static class DatasetFiles
{
    private static readonly string[] MetadataFiles = ["dataset_info.json", "state.json", "dataset_dict.json"];

    /// <summary>The files of <paramref name="split"/> under <paramref name="path"/>.</summary>
    /// <exception cref="TaskFormatException">Nothing matches, too many files, or a file escapes the directory.</exception>
    public static IReadOnlyList<string> Find(string path, string? split)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new TaskFormatException($"dataset path not found: {path}");
        }

        var root = FilePaths.Canonical(path);
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 6, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var found = new List<(string Relative, string Full)>();
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            var name = Path.GetFileName(file);
            if (!DatasetFileReader.Extensions.Contains(Path.GetExtension(name).ToLowerInvariant()) || MetadataFiles.Contains(name) || name.StartsWith('.'))
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, file);
            if (split is not null && !InSplit(relative, split))
            {
                continue;
            }

            var real = FilePaths.Canonical(file);
            if (!real.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, FilePaths.Comparison))
            {
                throw new TaskFormatException($"{file}: leads outside the dataset directory {root} (to {real}); dataset files must lie inside the directory named in the task set.");
            }

            if (found.Count == DatasetLimits.MaxFiles)
            {
                throw new TaskFormatException($"{path}: more than {DatasetLimits.MaxFiles} data files.");
            }

            found.Add((relative, real));
        }

        if (found.Count == 0)
        {
            throw new TaskFormatException(split is null
                ? $"{path}: no data file ({string.Join(", ", DatasetFileReader.Extensions)})."
                : $"{path}: no data file of split '{split}' (looked for {split}.*, {split}-*.* and */{split}/*.* with extensions {string.Join(", ", DatasetFileReader.Extensions)}).");
        }

        return found.OrderBy(f => f.Relative, StringComparer.Ordinal).Select(f => f.Full).ToArray();
    }

    private static bool InSplit(string relative, string split)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        var name = Path.GetFileNameWithoutExtension(parts[^1]);
        return name == split || name.StartsWith(split + "-", StringComparison.Ordinal) || parts[..^1].Contains(split);
    }
}

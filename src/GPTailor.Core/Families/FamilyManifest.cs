using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// A family file <c>family.json</c>: <c>{"base":"dir","candidates":["dir",...]}</c> (optional <c>"names"</c>), paths
/// relative to the file. Only paths are read here; compatibility is checked when the family is opened.
/// </summary>
public sealed record FamilyManifest(IReadOnlyList<FamilyMember> Members)
{
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>Reads a family file.</summary>
    /// <exception cref="FamilyCompatibilityException">The file is malformed or a directory does not exist.</exception>
    public static FamilyManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new BoundedJsonFile(path, "family file", MaxFileBytes, (p, reason, inner) => new FamilyCompatibilityException($"{p}: {reason}", inner));
        var root = file.ReadNode();
        if (root is not JsonObject obj || !JsonValues.TryGetString(obj["base"], out var basePath) || obj["candidates"] is not JsonArray candidates)
        {
            throw file.Fail("expected {\"base\":\"dir\",\"candidates\":[\"dir\",...]}.");
        }

        var paths = new List<string> { basePath };
        foreach (var c in candidates)
        {
            paths.Add(JsonValues.TryGetString(c, out var candidate) ? candidate : throw file.Fail("every candidate must be a directory path string."));
        }

        return FromDirectories(paths.Select(file.ResolvePath).ToArray());
    }

    /// <summary>A manifest from absolute directories (base first).</summary>
    public static FamilyManifest FromDirectories(IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.Count == 0)
        {
            throw new FamilyCompatibilityException("A family needs a base model.");
        }

        var missing = directories.Where(d => !Directory.Exists(d)).ToArray();
        if (missing.Length > 0)
        {
            throw new FamilyCompatibilityException(missing.Select(m => $"model directory not found: {m}").ToArray());
        }

        // Compared as canonical real paths, so "cand0/", "./cand0" and a symbolic link to cand0 are one directory.
        var seen = new Dictionary<string, string>(StringComparer.FromComparison(FilePaths.Comparison));
        foreach (var directory in directories)
        {
            string canonical;
            try
            {
                canonical = FilePaths.Canonical(directory);
            }
            catch (IOException ex)
            {
                throw new FamilyCompatibilityException($"model directory {directory}: {ex.Message}", ex);
            }

            if (!seen.TryAdd(canonical, directory))
            {
                var first = seen[canonical];
                var spelled = first == directory ? directory : $"{first} and {directory}";
                throw new FamilyCompatibilityException($"The same model directory appears twice in the family: {spelled} (both {canonical}).");
            }
        }

        return new FamilyManifest(directories.Select((d, i) => new FamilyMember(i, Path.GetFileName(Path.TrimEndingDirectorySeparator(d)), Path.GetFullPath(d))).ToArray());
    }

    /// <summary>Writes a family file with paths relative to its location.</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var obj = new JsonObject
        {
            ["base"] = Path.GetRelativePath(dir, Members[0].Directory),
            ["candidates"] = new JsonArray(Members.Skip(1).Select(m => (JsonNode)Path.GetRelativePath(dir, m.Directory)).ToArray()),
        };
        File.WriteAllText(path, obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}

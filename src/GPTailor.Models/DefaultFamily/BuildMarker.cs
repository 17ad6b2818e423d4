using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Models;

/// <summary>
/// The marker file <c>default-family.json</c>, written last into a build: format version, options hash, skills and
/// member directories. A directory counts as a complete build only when the marker matches and every file it names exists.
/// </summary>
internal static class BuildMarker
{
    public const string FileName = "default-family.json";
    public const string FamilyFile = "family.json";
    public const string TasksDirectory = "tasks";
    public const string CalibrationSplit = "calibration";
    public const string TestSplit = "test";
    public const string BaseName = "base";
    private const long MaxMarkerBytes = 64 * 1024;

    /// <summary>The member directory name of the fine-tune for <paramref name="skill"/>.</summary>
    public static string FineTuneName(string skill) => "tuned-" + skill;

    public static void Write(string root, string hash, int formatVersion, IReadOnlyList<string> skills)
    {
        var marker = new JsonObject
        {
            ["format_version"] = formatVersion,
            ["options_hash"] = hash,
            ["skills"] = new JsonArray(skills.Select(s => (JsonNode)s).ToArray()),
            ["base"] = BaseName,
            ["fine_tunes"] = new JsonArray(skills.Select(s => (JsonNode)FineTuneName(s)).ToArray()),
        };
        File.WriteAllText(Path.Combine(root, FileName), marker.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Whether the directory holds a marker at all (i.e. it was made by this builder).</summary>
    public static bool Exists(string root) => File.Exists(Path.Combine(root, FileName));

    /// <summary>The build in <paramref name="root"/> if it is complete and made with <paramref name="hash"/>; otherwise null.</summary>
    public static BuiltDefaultFamily? TryOpen(string root, string hash, int formatVersion)
    {
        var marker = new BoundedJsonFile(Path.Combine(root, FileName), "build marker", MaxMarkerBytes, (path, reason, inner) => new InvalidDataException($"{path}: {reason}", inner));
        if (!marker.Exists)
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = marker.ReadNode();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            return null;
        }

        if (node is not JsonObject obj
            || !JsonValues.TryGetInt32(obj["format_version"], out var version) || version != formatVersion
            || !JsonValues.TryGetString(obj["options_hash"], out var writtenHash) || writtenHash != hash
            || obj["skills"] is not JsonArray skillArray)
        {
            return null;
        }

        var names = skillArray.Select(s => JsonValues.TryGetString(s, out var name) ? name : null).ToArray();
        if (names.Length == 0 || names.Any(s => string.IsNullOrEmpty(s) || s.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || s.StartsWith('.')))
        {
            return null;
        }

        var skills = names.Select(s => s!).ToArray();
        var result = Describe(root, hash, skills, reused: true);
        var required = new[] { result.FamilyPath, result.CalibrationTasksPath, result.TestTasksPath }
            .Concat(result.FineTuneDirectories.Prepend(result.BaseDirectory).SelectMany(d => new[] { "config.json", "model.safetensors", FamilyFiles.TokenizerFile, FamilyFiles.TokenizerConfigFile }.Select(f => Path.Combine(d, f))))
            .Concat(skills.SelectMany(s => new[] { CalibrationSplit, TestSplit }.Select(split => Path.Combine(root, TasksDirectory, split, s + ".jsonl"))));
        return required.All(File.Exists) ? result : null;
    }

    /// <summary>The paths of a build rooted at <paramref name="root"/>.</summary>
    public static BuiltDefaultFamily Describe(string root, string hash, IReadOnlyList<string> skills, bool reused) => new(
        root,
        Path.Combine(root, FamilyFile),
        Path.Combine(root, TasksDirectory, CalibrationSplit + ".json"),
        Path.Combine(root, TasksDirectory, TestSplit + ".json"),
        Path.Combine(root, BaseName),
        skills.Select(s => Path.Combine(root, FineTuneName(s))).ToArray(),
        skills.ToArray(),
        hash,
        reused);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GPTailor.Distributed;

/// <summary>
/// What makes two evaluators give the same scores: the family (architecture, layer count, each member's content
/// fingerprint), the calibration tasks (name, kind, metric, SHA-256 of the data file) and the evaluation settings
/// (dtype, batch size, maximum length). The driver and every worker compute it from their own files; a worker whose
/// identity differs is refused, so results never depend on which worker ran a trial. Paths are not part of it
/// (machines may keep the files in different places).
/// </summary>
public sealed class EvaluationIdentity
{
    private EvaluationIdentity(IReadOnlyList<string> lines)
    {
        Lines = lines;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>One line per fact, e.g. <c>member 1 fingerprint: 3fa…</c>.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>SHA-256 (hex) of the lines.</summary>
    public string Hash { get; }

    /// <summary>The identity of a family evaluated on a task set with the given settings.</summary>
    /// <param name="family">The family (its member fingerprints are read).</param>
    /// <param name="tasks">The tasks (their data files are hashed).</param>
    /// <param name="settings">The evaluation settings that change scores (<see cref="Settings"/>).</param>
    /// <exception cref="IOException">A member or task file cannot be read.</exception>
    public static EvaluationIdentity Of(IModelFamily family, TaskSet tasks, string settings)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        var lines = new List<string>
        {
            $"architecture: {family.Architecture}",
            $"layers: {family.LayerCount.ToString(CultureInfo.InvariantCulture)}",
            $"members: {family.Members.Count.ToString(CultureInfo.InvariantCulture)}",
        };
        lines.AddRange(family.Members.Select(m => $"member {m.Index.ToString(CultureInfo.InvariantCulture)} fingerprint: {family.MemberFingerprint(m.Index)}"));
        lines.Add($"tasks: {string.Join(", ", tasks.Tasks.Select(t => t.Name))}");
        foreach (var task in tasks.Tasks)
        {
            using var stream = File.OpenRead(task.Path);
            lines.Add($"task {task.Name}: {task.Kind} {task.Metric} data sha256 {Convert.ToHexStringLower(SHA256.HashData(stream))}");
        }

        lines.Add($"settings: {settings}");
        return new EvaluationIdentity(lines);
    }

    /// <summary>The evaluation settings that change scores, as every driver and worker writes them into the identity.</summary>
    /// <param name="dtype">The compute dtype, e.g. <c>float32</c>.</param>
    /// <param name="batchSize">Sequences per forward pass.</param>
    /// <param name="maxLength">The longest sequence.</param>
    public static string Settings(string dtype, int batchSize, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return string.Create(CultureInfo.InvariantCulture, $"dtype={dtype} batch-size={batchSize} max-length={maxLength}");
    }

    /// <summary>An identity from its lines (as a worker reports them).</summary>
    public static EvaluationIdentity FromLines(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new EvaluationIdentity(lines.ToArray());
    }

    /// <summary>The lines where <paramref name="other"/> differs from this identity, as <c>expected → found</c>; empty when equal.</summary>
    public IReadOnlyList<string> Differences(EvaluationIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(Lines.Count, other.Lines.Count); i++)
        {
            var expected = i < Lines.Count ? Lines[i] : "(nothing)";
            var found = i < other.Lines.Count ? other.Lines[i] : "(nothing)";
            if (expected != found)
            {
                differences.Add($"{expected} → {found}");
            }
        }

        return differences;
    }
}

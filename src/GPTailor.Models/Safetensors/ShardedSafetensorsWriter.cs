using System.Text.RegularExpressions;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Writes a Hugging Face style safetensors checkpoint into a directory, split into shards of at most a given size:
/// <c>model-00001-of-0000N.safetensors</c> plus <c>model.safetensors.index.json</c>, or a single
/// <c>model.safetensors</c> without an index when everything fits in one shard. Shards are written under temporary
/// names and renamed once N is known; stale weight files of the other layout (an old <c>model.safetensors</c>, index
/// or <c>model-*-of-*.safetensors</c> shards) are removed so the directory opens unambiguously.
/// </summary>
public static partial class ShardedSafetensorsWriter
{
    /// <summary>The single-file name.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>The index file name.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>
    /// Writes <paramref name="specs"/> in order, shard by shard, asking <paramref name="produce"/> for each tensor when
    /// its turn comes (see <see cref="SafetensorsWriter.Write(string, IReadOnlyList{TensorSpec}, Func{string, torch.Tensor}, IReadOnlyDictionary{string, string}?)"/>
    /// for ownership rules).
    /// </summary>
    /// <param name="directory">Target directory; created if missing.</param>
    /// <param name="specs">Name, dtype and shape of every tensor, in order.</param>
    /// <param name="produce">Returns the tensor for a name.</param>
    /// <param name="maxShardBytes">Largest data size of one shard, in bytes (see <see cref="ByteSize.Parse"/>).</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries written into every shard.</param>
    /// <returns>Full paths of the files written (shards, then the index if any).</returns>
    public static IReadOnlyList<string> Write(
        string directory,
        IReadOnlyList<TensorSpec> specs,
        Func<string, torch.Tensor> produce,
        long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(produce);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShardBytes, 1);
        var fullDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(fullDirectory);
        _ = SafetensorsHeaderWriter.Build(specs, metadata);
        var shards = ShardPlanner.Plan(specs, maxShardBytes);
        var finalNames = shards.Count == 1
            ? [SingleFileName]
            : Enumerable.Range(1, shards.Count).Select(i => $"model-{i:D5}-of-{shards.Count:D5}.safetensors").ToArray();

        var temporaries = new List<string>();
        try
        {
            for (var i = 0; i < shards.Count; i++)
            {
                var temporary = AtomicFile.TemporaryPathFor(Path.Combine(fullDirectory, finalNames[i]));
                temporaries.Add(temporary);
                var header = SafetensorsHeaderWriter.Build(shards[i], metadata);
                AtomicFile.WriteTemporary(temporary, stream => SafetensorsWriter.WriteBody(stream, header, shards[i], produce));
            }

            var written = new List<string>();
            for (var i = 0; i < shards.Count; i++)
            {
                var target = Path.Combine(fullDirectory, finalNames[i]);
                File.Move(temporaries[i], target, overwrite: true);
                written.Add(target);
            }

            if (shards.Count > 1)
            {
                var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < shards.Count; i++)
                {
                    foreach (var spec in shards[i])
                    {
                        weightMap[spec.Name] = finalNames[i];
                    }
                }

                var indexPath = Path.Combine(fullDirectory, IndexFileName);
                ShardIndexWriter.Write(indexPath, specs.Sum(s => s.ByteLength), weightMap);
                written.Add(indexPath);
            }

            RemoveStale(fullDirectory, written);
            return written;
        }
        finally
        {
            temporaries.ForEach(AtomicFile.TryDelete);
        }
    }

    /// <summary>
    /// Writes every tensor of <paramref name="tensors"/>, ordered by name with digit runs compared as numbers.
    /// The caller keeps ownership of the tensors.
    /// </summary>
    /// <param name="directory">Target directory; created if missing.</param>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="maxShardBytes">Largest data size of one shard, in bytes.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries written into every shard.</param>
    /// <returns>Full paths of the files written.</returns>
    public static IReadOnlyList<string> Write(
        string directory,
        IReadOnlyDictionary<string, torch.Tensor> tensors,
        long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(directory, SafetensorsWriter.SpecsOf(tensors), name => tensors[name], maxShardBytes, metadata);

    private static void RemoveStale(string directory, List<string> written)
    {
        var keep = new HashSet<string>(written, StringComparer.Ordinal);
        var candidates = Directory.EnumerateFiles(directory)
            .Where(p => Path.GetFileName(p) is SingleFileName or IndexFileName || ShardName().IsMatch(Path.GetFileName(p)));
        foreach (var path in candidates.Where(p => !keep.Contains(p)).ToList())
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex(@"^model-\d{5}-of-\d{5}\.safetensors$")]
    private static partial Regex ShardName();
}

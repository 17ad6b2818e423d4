using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// A safetensors checkpoint opened from a Hugging Face model directory (<c>model.safetensors</c>, or
/// <c>model.safetensors.index.json</c> plus its shards), an index file, or a single <c>.safetensors</c> file.
/// Every header and the index are validated on open; tensors are read lazily and thread-safely.
/// Pickle checkpoints are refused with <see cref="UnsupportedCheckpointException"/>.
/// </summary>
public sealed class SafetensorsCheckpoint : ICheckpoint, ITensorRangeReader
{
    private readonly IReadOnlyList<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _owners;

    private SafetensorsCheckpoint(string source, IReadOnlyList<SafetensorsFile> files, Dictionary<string, SafetensorsFile> owners)
    {
        Source = source;
        _files = files;
        _owners = owners;
        TensorNames = owners.Keys.Order(TensorNameComparer.Instance).ToArray();
        Files = files.Select(f => f.Source).ToArray();
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <summary>Every tensor name, digits compared as numbers (<c>layers.2</c> before <c>layers.10</c>).</summary>
    public IReadOnlyList<string> TensorNames { get; }

    /// <summary>Full paths of the safetensors files, in index order (one entry for a single-file checkpoint).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Opens a checkpoint directory, an index file or a single safetensors file.</summary>
    /// <param name="pathOrDirectory">
    /// A directory holding <c>model.safetensors</c> (preferred, as Hugging Face does) or
    /// <c>model.safetensors.index.json</c>; a <c>*.index.json</c> file; or a <c>.safetensors</c> file.
    /// </param>
    /// <exception cref="FileNotFoundException">Nothing exists at the path, a directory holds no checkpoint, or a directory
    /// stands where a checkpoint file belongs (<c>model.safetensors</c>, the index, a path ending in <c>.safetensors</c>).</exception>
    /// <exception cref="UnsupportedCheckpointException">Only pickle checkpoint files are present.</exception>
    /// <exception cref="SafetensorsFormatException">A file or the index is malformed or inconsistent.</exception>
    public static ICheckpoint Open(string pathOrDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrDirectory);
        var full = Path.GetFullPath(pathOrDirectory);
        if (Directory.Exists(full))
        {
            return OpenDirectory(full);
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No checkpoint file or directory at '{full}'.", full);
        }

        if (full.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase))
        {
            return OpenSharded(full, full);
        }

        if (CheckpointFileNames.IsPickle(full))
        {
            throw new UnsupportedCheckpointException(full, CheckpointFileNames.PickleRefusal(full, [full]));
        }

        return OpenSingle(full, full);
    }

    /// <inheritdoc />
    public bool Contains(string name) => _owners.ContainsKey(name);

    /// <inheritdoc />
    public TensorInfo GetInfo(string name) => Owner(name).GetInfo(name);

    /// <inheritdoc />
    public torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null, torch.Device? device = null) =>
        Owner(name).ReadTensor(name, dtype, device);

    /// <inheritdoc />
    void ITensorRangeReader.ReadElements(string name, long start, Span<byte> destination) =>
        ((ITensorRangeReader)Owner(name)).ReadElements(name, start, destination);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private SafetensorsFile Owner(string name) =>
        _owners.TryGetValue(name, out var file)
            ? file
            : throw new KeyNotFoundException($"Tensor '{name}' is not in the checkpoint '{Source}'.");

    private static SafetensorsCheckpoint OpenDirectory(string directory)
    {
        var single = Path.Combine(directory, CheckpointFileNames.SingleFile);
        CheckpointFileNames.RefuseDirectory(single, "a checkpoint's " + CheckpointFileNames.SingleFile);
        if (File.Exists(single))
        {
            return OpenSingle(directory, single);
        }

        var index = Path.Combine(directory, CheckpointFileNames.Index);
        CheckpointFileNames.RefuseDirectory(index, "a checkpoint's " + CheckpointFileNames.Index);
        if (File.Exists(index))
        {
            return OpenSharded(directory, index);
        }

        var pickles = Directory.EnumerateFiles(directory).Where(CheckpointFileNames.IsPickle).Order(StringComparer.Ordinal).ToList();
        if (pickles.Count > 0)
        {
            throw new UnsupportedCheckpointException(directory, CheckpointFileNames.PickleRefusal(directory, pickles));
        }

        var trimmed = Path.TrimEndingDirectorySeparator(directory);
        if (trimmed.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase))
        {
            CheckpointFileNames.RefuseDirectory(directory, "a safetensors checkpoint or index file");
        }

        throw new FileNotFoundException(
            $"'{directory}' holds neither {CheckpointFileNames.SingleFile} nor {CheckpointFileNames.Index}.",
            single);
    }

    private static SafetensorsCheckpoint OpenSingle(string source, string file)
    {
        var opened = SafetensorsFile.Open(file);
        return new SafetensorsCheckpoint(source, [opened], opened.TensorNames.ToDictionary(n => n, _ => opened, StringComparer.Ordinal));
    }

    private static SafetensorsCheckpoint OpenSharded(string source, string indexPath)
    {
        var weightMap = ShardIndexReader.ReadWeightMap(indexPath);
        if (weightMap.Count == 0)
        {
            throw new SafetensorsFormatException(indexPath, null, "'weight_map' is empty");
        }

        var directory = Path.GetDirectoryName(indexPath)!;
        var files = new List<SafetensorsFile>();
        try
        {
            var byShardName = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var (tensor, shard) in weightMap)
            {
                if (byShardName.ContainsKey(shard))
                {
                    continue;
                }

                var shardPath = Path.Combine(directory, shard);
                if (Directory.Exists(shardPath))
                {
                    throw new SafetensorsFormatException(indexPath, tensor, $"its shard '{shard}' is a directory in '{directory}', not a file");
                }

                if (!File.Exists(shardPath))
                {
                    throw new SafetensorsFormatException(indexPath, tensor, $"its shard '{shard}' does not exist in '{directory}'");
                }

                var opened = SafetensorsFile.Open(shardPath);
                files.Add(opened);
                byShardName.Add(shard, opened);
            }

            var owners = Reconcile(weightMap, byShardName, indexPath);
            return new SafetensorsCheckpoint(source, files, owners);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    private static Dictionary<string, SafetensorsFile> Reconcile(
        IReadOnlyList<KeyValuePair<string, string>> weightMap, Dictionary<string, SafetensorsFile> byShardName, string indexPath)
    {
        var owners = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        foreach (var (tensor, shard) in weightMap)
        {
            var file = byShardName[shard];
            if (!file.Contains(tensor))
            {
                throw new SafetensorsFormatException(file.Source, tensor, $"the tensor is listed for this shard in '{indexPath}' but is not in it");
            }

            owners.Add(tensor, file);
        }

        foreach (var file in byShardName.Values)
        {
            foreach (var tensor in file.TensorNames)
            {
                if (!owners.TryGetValue(tensor, out var owner))
                {
                    throw new SafetensorsFormatException(file.Source, tensor, $"the tensor is in this shard but not in the weight_map of '{indexPath}'");
                }

                if (!ReferenceEquals(owner, file))
                {
                    throw new SafetensorsFormatException(
                        file.Source, tensor, $"the tensor is stored in more than one shard (also in '{owner.Source}')");
                }
            }
        }

        return owners;
    }
}

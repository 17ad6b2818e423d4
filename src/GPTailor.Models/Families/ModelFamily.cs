
namespace GPTailor.Models;

/// <summary>
/// A family opened from disk: each member's <c>config.json</c> and safetensors headers are read and checked for
/// compatibility before any tensor data is touched. Tensor data stays in the memory-mapped files until a stitcher
/// asks for it.
/// </summary>
public sealed class ModelFamily : IModelFamily
{
    private readonly ICheckpoint[] _checkpoints;
    private readonly HfModelConfig[] _configs;
    private readonly string?[] _fingerprints;

    private ModelFamily(IReadOnlyList<FamilyMember> members, HfModelConfig[] configs, ICheckpoint[] checkpoints)
    {
        Members = members;
        _configs = configs;
        _checkpoints = checkpoints;
        _fingerprints = new string?[members.Count];
    }

    /// <inheritdoc />
    public string Architecture => BaseConfig.Architecture.Name;

    /// <inheritdoc />
    public int LayerCount => BaseConfig.NumHiddenLayers;

    /// <inheritdoc />
    public IReadOnlyList<FamilyMember> Members { get; }

    /// <summary>Number of candidates K.</summary>
    public int CandidateCount => Members.Count - 1;

    /// <inheritdoc />
    public long TotalParameters => BaseConfig.ParameterCount;

    /// <summary>The base model's configuration (the tailored model's configuration starts from it).</summary>
    public HfModelConfig BaseConfig => _configs[0];

    /// <summary>Directory of the base model (its tokenizer is the tailored model's tokenizer).</summary>
    public string BaseDirectory => Members[0].Directory;

    /// <summary>Opens a family from its manifest.</summary>
    /// <exception cref="FamilyCompatibilityException">Members differ; every mismatch is listed.</exception>
    public static ModelFamily Open(FamilyManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var configs = new HfModelConfig[manifest.Members.Count];
        var checkpoints = new ICheckpoint[manifest.Members.Count];
        try
        {
            var problems = new List<string>();
            for (var i = 0; i < configs.Length; i++)
            {
                var member = manifest.Members[i];
                try
                {
                    configs[i] = HfModelConfig.Load(member.Directory);
                    checkpoints[i] = SafetensorsCheckpoint.Open(member.Directory);
                }
                catch (Exception ex) when (ex is UnsupportedModelException or UnsupportedCheckpointException or SafetensorsFormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
                {
                    problems.Add($"{member.Name}: {ex.Message}");
                }
            }

            if (problems.Count == 0)
            {
                problems.AddRange(FamilyCompatibility.Check(manifest.Members, configs, checkpoints));
            }

            if (problems.Count > 0)
            {
                throw new FamilyCompatibilityException(problems);
            }

            return new ModelFamily(manifest.Members, configs, checkpoints);
        }
        catch
        {
            foreach (var c in checkpoints)
            {
                c?.Dispose();
            }

            throw;
        }
    }

    /// <summary>The configuration of member <paramref name="member"/> (0 = base).</summary>
    public HfModelConfig ConfigOf(int member) => _configs[CheckMember(member)];

    /// <summary>The checkpoint of member <paramref name="member"/> (0 = base).</summary>
    public ICheckpoint CheckpointOf(int member) => _checkpoints[CheckMember(member)];

    /// <summary>
    /// SHA-256 (hex) of member <paramref name="member"/>'s <c>config.json</c>, its safetensors files' sizes and headers,
    /// and the first and last MiB of each file's tensor data (cheap; computed once). Two fine-tunes of one base have
    /// the same headers but not the same data, so reordered or replaced members are told apart.
    /// </summary>
    /// <param name="member">Member index: 0 for the base, 1..K for candidates.</param>
    /// <exception cref="IOException">A member file cannot be read.</exception>
    public string MemberFingerprint(int member)
    {
        CheckMember(member);
        return _fingerprints[member] ??= MemberContentHash.Of(Members[member].Directory, _checkpoints[member] switch
        {
            SafetensorsCheckpoint c => c.Files,
            var c => [c.Source],
        });
    }

    /// <summary>This family for <see cref="ModelFamily"/> (or any type it is) without a key; null otherwise.</summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">An optional key.</param>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in _checkpoints)
        {
            c.Dispose();
        }
    }

    private int CheckMember(int member) =>
        member >= 0 && member < Members.Count ? member : throw new ArgumentOutOfRangeException(nameof(member), member, $"The family has members 0..{Members.Count - 1}.");
}

using System.Diagnostics;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Turns plans into runnable models without per-trial copies: each (member, layer) is loaded once in the compute
/// dtype and shared by every plan that uses it; each merged layer is computed once (in float32, from the checkpoint
/// values) and cached by (layer, members, method, parameters, anchor) within <see cref="StitcherOptions.CacheBytes"/>.
/// Layers that absorb later layers (<see cref="LayerRecipe.CollapsedLayers"/>, LaCo) are computed the same way: once,
/// cached by their collapse key, norms from the receiving layer.
/// </summary>
public sealed class PlanStitcher : IDisposable
{
    private readonly ModelFamily _family;
    private readonly StitchCache _cache;
    private readonly StitchCache? _sources;
    private readonly torch.ScalarType _dtype;
    private readonly torch.Device _device;
    private readonly int _vocab;
    private readonly Lock _statisticsGate = new();
    private double _buildSeconds;
    private int _builds;

    /// <summary>Creates a stitcher for a family.</summary>
    /// <exception cref="DeviceUnavailableException">The device is not available (for example CUDA without a GPU).</exception>
    public PlanStitcher(ModelFamily family, StitcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(family);
        options ??= new StitcherOptions();
        _family = family;
        ArgumentNullException.ThrowIfNull(options.ComputeDType);
        ArgumentNullException.ThrowIfNull(options.Device);
        _device = options.Device.ToTorchDevice();
        options.ComputeDType.EnsureComputesOn(_device);
        _dtype = options.ComputeDType.ScalarType;
        _vocab = family.BaseConfig.VocabSize;
        ArgumentOutOfRangeException.ThrowIfNegative(options.CacheBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SourceCacheBytes);
        _cache = new StitchCache(options.CacheBytes);
        _sources = options.SourceCacheBytes > 0 ? new StitchCache(options.SourceCacheBytes) : null;
    }

    /// <summary>The family.</summary>
    public ModelFamily Family => _family;

    /// <summary>Cache statistics: hits, misses, evictions, bytes held, peak bytes, mean build time.</summary>
    public StitcherStatistics Statistics
    {
        get
        {
            lock (_statisticsGate)
            {
                return new(_cache.Hits, _cache.Misses, _cache.Bytes, _cache.PeakBytes, _builds == 0 ? 0 : _buildSeconds / _builds, _builds)
                {
                    Evictions = _cache.Evictions,
                    Skipped = _cache.Skipped,
                    SourceHits = _sources?.Hits ?? 0,
                    SourceMisses = _sources?.Misses ?? 0,
                    SourceBytes = _sources?.Bytes ?? 0,
                    SourcePeakBytes = _sources?.PeakBytes ?? 0,
                };
            }
        }
    }

    /// <summary>Builds the model of a plan.</summary>
    /// <exception cref="PlanValidationException">The plan is invalid or does not fit the family.</exception>
    public StitchedModel Build(TailoringPlan plan) => Stitch(plan, deferLayers: false);

    /// <summary>
    /// Builds the model of a plan. With <paramref name="deferLayers"/>, a decoder layer that is not cached is built when
    /// a forward first runs it, so a layer that every forward resumes past (prefix-activation cache) is never built or
    /// held; its time counts in <see cref="StitchedModel.DeferredBuildSeconds"/>, and a layer never built in
    /// <see cref="StitcherStatistics.Skipped"/> when the model is disposed.
    /// </summary>
    internal StitchedModel Stitch(TailoringPlan plan, bool deferLayers)
    {
        ArgumentNullException.ThrowIfNull(plan);
        PlanValidator.ThrowIfInvalid(plan);
        CheckFits(plan);
        var watch = Stopwatch.StartNew();
        var wanted = Groups(plan);
        var headTied = wanted.Count == plan.Layers.Count + 2;
        var leases = new List<string>();
        var gate = new Lock();
        StitchedModel? stitched = null;
        void Release()
        {
            lock (gate)
            {
                foreach (var key in leases)
                {
                    _cache.Release(key);
                }

                leases.Clear();
            }
        }

        try
        {
            // Lease every cached group first, so that building the missing ones cannot evict a group this plan reuses.
            var groups = new TensorGroup?[wanted.Count];
            for (var i = 0; i < wanted.Count; i++)
            {
                groups[i] = _cache.TryLease(wanted[i].Key);
                if (groups[i] is not null)
                {
                    leases.Add(wanted[i].Key);
                }
            }

            for (var i = 0; i < wanted.Count; i++)
            {
                var deferred = deferLayers && i >= 1 && i <= plan.Layers.Count; // groups 1..n are the decoder layers
                if (groups[i] is null && !deferred)
                {
                    groups[i] = _cache.Lease(wanted[i].Key, wanted[i].Create);
                    leases.Add(wanted[i].Key);
                }
            }

            var config = _family.BaseConfig.WithNumHiddenLayers(plan.Layers.Count);
            var layers = groups.Skip(1).Take(plan.Layers.Count).Select(g => g is null ? null : new DecoderLayer(config, TensorRoles.ToWeights(g.Tensors))).ToList();
            DecoderLayer BuildDeferred(int index)
            {
                var (key, create) = wanted[index + 1];
                var deferredWatch = Stopwatch.StartNew();
                lock (gate)
                {
                    ObjectDisposedException.ThrowIf(stitched?.IsDisposed ?? false, typeof(StitchedModel));
                    var group = _cache.Lease(key, create);
                    leases.Add(key);
                    var layer = new DecoderLayer(config, TensorRoles.ToWeights(group.Tensors));
                    var seconds = deferredWatch.Elapsed.TotalSeconds;
                    stitched!.AddDeferredBuild(seconds);
                    lock (_statisticsGate)
                    {
                        _buildSeconds += seconds;
                    }

                    return layer;
                }
            }

            var norm = groups[plan.Layers.Count + 1]!.Single;
            var head = headTied ? null : groups[plan.Layers.Count + 2]!.Single;
            var model = new CausalLanguageModel(config, groups[0]!.Single, layers, BuildDeferred, norm, head);
            var deferredLayers = layers.Count(l => l is null);
            stitched = new StitchedModel(plan, config, model, headTied, () =>
            {
                Release();
                _cache.CountSkipped(deferredLayers - stitched!.DeferredBuilds);
            }, PrefixKeys.Of(wanted[0].Key, wanted.Skip(1).Take(plan.Layers.Count).Select(w => w.Key).ToList()));
            lock (_statisticsGate)
            {
                _buildSeconds += watch.Elapsed.TotalSeconds;
                _builds++;
            }

            return stitched;
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>
    /// The cache keys of a plan's tensor groups, in the order <see cref="Build"/> uses them: embeddings, each layer, final
    /// norm and, unless tied to the embeddings, the head. Two plans share a group exactly when they share its key.
    /// </summary>
    internal IReadOnlyList<string> GroupKeys(TailoringPlan plan) => Groups(plan).Select(g => g.Key).ToArray();

    private List<(string Key, Func<TensorGroup> Create)> Groups(TailoringPlan plan)
    {
        var tied = _family.BaseConfig.TieWordEmbeddings;
        var headTied = tied && plan.Head.ToKey() == plan.Embeddings.ToKey();
        var groups = new List<(string Key, Func<TensorGroup> Create)> { ($"embed|{plan.Embeddings.ToKey()}", () => Single(plan.Embeddings, TensorRole.Embeddings)) };
        groups.AddRange(plan.Layers.Select(layer => (LayerKey(layer), (Func<TensorGroup>)(() => Layer(layer)))));
        groups.Add(($"norm|{plan.Head.ToKey()}", () => Single(plan.Head, TensorRole.FinalNorm)));
        if (!headTied)
        {
            groups.Add(tied ? ($"embed|{plan.Head.ToKey()}", () => Single(plan.Head, TensorRole.Embeddings)) : ($"head|{plan.Head.ToKey()}", () => Single(plan.Head, TensorRole.LanguageModelHead)));
        }

        return groups;
    }

    /// <summary>The cache key of a layer recipe: what its tensors depend on.</summary>
    private static string LayerKey(LayerRecipe layer) =>
        layer.IsCollapsed ? $"layer|{layer.SourceLayer}|{layer.Merge.ToKey()}|{CollapseMerger.Key(layer)}"
        : layer.Merge.Method == MergeMethod.Passthrough ? $"layer|{layer.SourceLayer}|{layer.Merge.ToKey()}"
        : $"layer|{layer.SourceLayer}|{layer.Merge.ToKey()}|anchor{layer.EffectiveAnchorLayer}";

    /// <inheritdoc />
    public void Dispose()
    {
        _cache.Dispose();
        _sources?.Dispose();
    }

    private void CheckFits(TailoringPlan plan)
    {
        if (plan.SourceLayerCount != _family.LayerCount)
        {
            throw new PlanValidationException($"The plan is for {plan.SourceLayerCount} source layers; the family's models have {_family.LayerCount}.");
        }

        var maxMember = plan.Layers.Select(l => l.Merge).Append(plan.Embeddings).Append(plan.Head).SelectMany(m => m.Members).Max();
        if (maxMember > _family.CandidateCount)
        {
            throw new PlanValidationException($"The plan uses member {maxMember}; the family has members 0..{_family.CandidateCount}.");
        }
    }

    /// <summary>Builds the tensors of one decoder layer (not cached; internal for the benchmarks).</summary>
    internal TensorGroup Layer(LayerRecipe layer)
    {
        var result = new Dictionary<TensorRole, torch.Tensor>();
        try
        {
            foreach (var role in TensorRoles.PresentLayerRoles(_family.BaseConfig))
            {
                result[role] = layer.IsCollapsed ? Collapsed(layer, role) : Tensor(layer.Merge, role, layer.SourceLayer, layer.EffectiveAnchorLayer);
            }

            return new TensorGroup(result);
        }
        catch
        {
            foreach (var t in result.Values)
            {
                t.Dispose();
            }

            throw;
        }
    }

    private torch.Tensor Collapsed(LayerRecipe layer, TensorRole role)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        if (CollapseMerger.PassthroughLayer(layer, role) is int source)
        {
            return Read(0, role, source, _dtype).to(_dtype, _device).MoveToOuterDisposeScope();
        }

        var layers = layer.CollapsedLayers!.Prepend(layer.SourceLayer);
        var sources = layers.Select(l => Read(0, role, l, torch.ScalarType.Float32)).ToArray();
        return CollapseMerger.Combine(sources, layer.EffectiveCollapseCoefficients).to(_dtype, _device).MoveToOuterDisposeScope();
    }

    private TensorGroup Single(MergeRecipe recipe, TensorRole role) =>
        new(new Dictionary<TensorRole, torch.Tensor> { [role] = Tensor(recipe, role, 0, 0) });

    private torch.Tensor Tensor(MergeRecipe recipe, TensorRole role, int layer, int anchorLayer)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        if (_sources is not null)
        {
            return FromHeldSources(recipe, role, layer, anchorLayer).MoveToOuterDisposeScope();
        }

        if (recipe.Method == MergeMethod.Passthrough)
        {
            return Read(recipe.Members[0], role, layer, _dtype).to(_dtype, _device).MoveToOuterDisposeScope();
        }

        if (StreamingMerger.Supports(recipe))
        {
            var streamed = recipe.Members.Select(m => SourceOf(m, role, layer)).ToArray();
            var streamedAnchor = recipe.Method == MergeMethod.TaskArithmetic ? SourceOf(0, role, anchorLayer) : null;
            return StreamingMerger.Merge(recipe, streamed, streamedAnchor, _dtype).to(_device).MoveToOuterDisposeScope();
        }

        var sources = recipe.Members.Select(m => Read(m, role, layer, torch.ScalarType.Float32)).ToArray();
        var anchor = recipe.Method == MergeMethod.TaskArithmetic ? Read(0, role, anchorLayer, torch.ScalarType.Float32) : null;
        return WeightMerger.Merge(recipe, sources, anchor).to(_dtype, _device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A member's tensor in the compute dtype (a copy: the merged-layer cache owns it), or <see cref="WeightMerger"/> on the
    /// device, from the members' tensors held there in their stored dtype (leased from the source cache while in use, so
    /// that copying one source to the device cannot evict another of the same merge).
    /// </summary>
    private torch.Tensor FromHeldSources(MergeRecipe recipe, TensorRole role, int layer, int anchorLayer)
    {
        var leased = new List<string>();
        try
        {
            torch.Tensor Source(int member, int sourceLayer)
            {
                var key = $"source|{member}|{role}|{sourceLayer}";
                var group = _sources!.Lease(key, () => new TensorGroup(new Dictionary<TensorRole, torch.Tensor> { [role] = Stored(member, role, sourceLayer) }));
                leased.Add(key);
                return group.Single;
            }

            if (recipe.Method == MergeMethod.Passthrough)
            {
                return Source(recipe.Members[0], layer).to(_dtype, copy: true);
            }

            var sources = recipe.Members.Select(m => Source(m, layer)).ToArray();
            var anchor = recipe.Method == MergeMethod.TaskArithmetic ? Source(0, anchorLayer) : null;
            return WeightMerger.Merge(recipe, sources, anchor).to(_dtype); // in the caller's dispose scope
        }
        finally
        {
            foreach (var key in leased)
            {
                _sources!.Release(key);
            }
        }
    }

    /// <summary>A member's tensor in its stored dtype on the device (vocabulary rows beyond the family's cut off).</summary>
    private torch.Tensor Stored(int member, TensorRole role, int layer)
    {
        using var scope = torch.NewDisposeScope();
        return Read(member, role, layer, dtype: null).to(_device, copy: true).MoveToOuterDisposeScope(); // a copy: no view of the whole vocabulary
    }

    private StreamingMerger.Source SourceOf(int member, TensorRole role, int layer)
    {
        var config = _family.ConfigOf(member);
        var name = NameOf(config, role, layer);
        var vocabRows = role is TensorRole.Embeddings or TensorRole.LanguageModelHead;
        return new StreamingMerger.Source(_family.CheckpointOf(member), name, vocabRows ? _vocab : null);
    }

    private static string NameOf(HfModelConfig config, TensorRole role, int layer) =>
        TensorRoles.NameOf(config, role, layer)
        ?? throw new InvalidDataException($"Architecture {config.Architecture.Name} has no tensor for {role}.");

    private torch.Tensor Read(int member, TensorRole role, int layer, torch.ScalarType? dtype)
    {
        var config = _family.ConfigOf(member);
        var name = NameOf(config, role, layer);
        var tensor = _family.CheckpointOf(member).ReadTensor(name, dtype);
        var vocabRows = role is TensorRole.Embeddings or TensorRole.LanguageModelHead;
        return vocabRows && tensor.shape[0] > _vocab ? tensor.narrow(0, 0, _vocab) : tensor;
    }
}


namespace GPTailor.Models;

/// <summary>
/// A runnable tailored model made by <see cref="PlanStitcher.Build"/>. Its tensors belong to the stitcher's cache
/// (unchanged layers are the members' loaded tensors, merged layers are computed once and shared); disposing the
/// model releases its leases and never frees tensors other models may use.
/// </summary>
public sealed class StitchedModel : IDisposable
{
    private readonly Action _release;
    private double _deferredBuildSeconds;
    private int _deferredBuilds;
    private bool _disposed;

    internal StitchedModel(TailoringPlan plan, HfModelConfig config, CausalLanguageModel model, bool headTiedToEmbeddings, Action release, IReadOnlyList<string> prefixKeys)
    {
        PrefixKeys = prefixKeys;
        Plan = plan;
        Config = config;
        Model = model;
        HeadTiedToEmbeddings = headTiedToEmbeddings;
        _release = release;
    }

    /// <summary>The plan this model realises.</summary>
    public TailoringPlan Plan { get; }

    /// <summary>The tailored model's configuration (base config with the kept layer count).</summary>
    public HfModelConfig Config { get; }

    /// <summary>The decoder.</summary>
    public CausalLanguageModel Model { get; }

    /// <summary>
    /// Key m − 1 names the embeddings and the first m layers by their recipes (<see cref="PrefixActivationCache"/>):
    /// two models of one stitcher with equal key m − 1 compute the same hidden states after m layers.
    /// </summary>
    internal IReadOnlyList<string> PrefixKeys { get; }

    /// <summary>True when the output head is the input embedding matrix (a tied model can be exported as tied).</summary>
    public bool HeadTiedToEmbeddings { get; }

    /// <summary>Seconds spent building layers that were deferred until a forward first ran them (0 for an eager build).</summary>
    internal double DeferredBuildSeconds => Volatile.Read(ref _deferredBuildSeconds);

    /// <summary>Deferred layers built so far.</summary>
    internal int DeferredBuilds => Volatile.Read(ref _deferredBuilds);

    /// <summary>True once disposed.</summary>
    internal bool IsDisposed => _disposed;

    /// <summary>Counts one deferred layer build.</summary>
    internal void AddDeferredBuild(double seconds)
    {
        _deferredBuildSeconds += seconds;
        _deferredBuilds++;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Model.Dispose();
        _release();
    }
}

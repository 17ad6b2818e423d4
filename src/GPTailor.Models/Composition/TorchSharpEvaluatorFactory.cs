using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Creates <see cref="TaskSetEvaluator"/>s on the device and dtype of <see cref="GPTailorOptions"/>. When CUDA is asked
/// for but not available, it logs a clear warning and evaluates on the CPU. Evaluators it created are disposed with it.
/// </summary>
public sealed partial class TorchSharpEvaluatorFactory(IOptions<GPTailorOptions> options, ILogger<TorchSharpEvaluatorFactory>? logger = null) : IFitnessEvaluatorFactory, IDisposable
{
    private readonly List<TaskSetEvaluator> _created = [];
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(tasks);
        if (family is not ModelFamily modelFamily)
        {
            throw new ArgumentException($"{nameof(TorchSharpEvaluatorFactory)} needs a family opened by GPTailor.Models (got {family.GetType().Name}).", nameof(family));
        }

        var o = options.Value;
        var device = ResolveDevice(o.Device);
        var stitcher = new PlanStitcher(modelFamily, new StitcherOptions { ComputeDType = o.ComputeDType, Device = device, CacheBytes = o.MergeCacheBytes });
        try
        {
            var tokenizer = HfTokenizer.TryLoad(modelFamily.BaseDirectory);
            var evaluator = new TaskSetEvaluator(stitcher, tasks, tokenizer, new ScoringOptions(o.BatchSize, o.MaxLength), ownsStitcher: true);
            lock (_created)
            {
                _created.Add(evaluator);
            }

            return evaluator;
        }
        catch
        {
            stitcher.Dispose();
            throw;
        }
    }

    /// <summary>The evaluators created so far (for their timing statistics).</summary>
    public IReadOnlyList<TaskSetEvaluator> Created
    {
        get
        {
            lock (_created)
            {
                return _created.ToArray();
            }
        }
    }

    /// <summary>The device actually used for <paramref name="requested"/>: CUDA when available, else CPU with a warning.</summary>
    public string ResolveDevice(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
        {
            LogCudaFallback(_logger, requested);
            return "cpu";
        }

        return requested;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_created)
        {
            _created.ForEach(d => d.Dispose());
            _created.Clear();
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Device '{Device}' was requested but CUDA is not available (no GPU, or only a CPU libtorch package is referenced); evaluating on the CPU. Add a CUDA backend package such as libtorch-cuda-12.8-linux-x64 to use the GPU.")]
    private static partial void LogCudaFallback(ILogger logger, string device);
}

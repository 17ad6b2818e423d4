using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GPTailor.Models;

/// <summary>
/// Creates <see cref="TaskSetEvaluator"/>s on the device and dtype of <see cref="TorchSharpEvaluatorOptions"/>, for
/// families that offer a <see cref="ModelFamily"/> (those opened by <see cref="ModelFamilyLoader"/>). When CUDA is
/// asked for but not available, it logs a clear warning and evaluates on the CPU (<see cref="ComputeDevice.Resolve(ILogger?)"/>).
/// The caller owns (and disposes) each evaluator it creates.
/// </summary>
public sealed class TorchSharpEvaluatorFactory(IOptions<TorchSharpEvaluatorOptions> options, ILogger<TorchSharpEvaluatorFactory>? logger = null) : IFitnessEvaluatorFactory
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The family offers no <see cref="ModelFamily"/> (it was not opened by GPTailor.Models).</exception>
    public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(tasks);
        var modelFamily = family.GetService<ModelFamily>()
            ?? throw new ArgumentException($"TorchSharpEvaluatorFactory needs a family that offers a GPTailor.Models.ModelFamily (got {family.GetType().Name}).", nameof(family));
        var o = options.Value;
        var stitcher = new PlanStitcher(modelFamily, new StitcherOptions { ComputeDType = o.ComputeDType, Device = o.Device.Resolve(logger), CacheBytes = o.MergeCacheBytes, SourceCacheBytes = o.SourceCacheBytes });
        try
        {
            var tokenizer = HfTokenizer.TryLoad(modelFamily.BaseDirectory);
            return new TaskSetEvaluator(stitcher, tasks, tokenizer, new ScoringOptions(o.BatchSize, o.MaxLength), ownsStitcher: true, prefixCacheBytes: o.PrefixCacheBytes, prefixCacheSpillBytes: o.PrefixCacheSpillBytes);
        }
        catch
        {
            stitcher.Dispose();
            throw;
        }
    }
}

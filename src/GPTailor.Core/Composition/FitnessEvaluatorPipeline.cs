using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>
/// The one evaluator pipeline of an application, registered by <see cref="GPTailorServiceCollectionExtensions.AddGPTailor"/>:
/// the evaluator of the registered <see cref="IFitnessEvaluatorFactory"/>, wrapped (inside out) in a
/// <see cref="LoggingFitnessEvaluator"/> (when logging is registered), a <see cref="CachingFitnessEvaluator"/> (when
/// <see cref="GPTailorOptions.CacheEvaluations"/>), then the steps of <see cref="GPTailorBuilder.ConfigureEvaluator"/>:
/// each later registration wraps the earlier ones, and within one registration the first step added is outermost.
/// </summary>
public sealed class FitnessEvaluatorPipeline(IServiceProvider services, IOptions<GPTailorOptions> options, IOptions<FitnessEvaluatorPipelineOptions> pipeline)
{
    /// <summary>Creates the evaluator of a family on a task set, wrapped in the pipeline. The caller disposes it.</summary>
    /// <param name="family">The family.</param>
    /// <param name="tasks">The tasks.</param>
    /// <exception cref="InvalidOperationException">No <see cref="IFitnessEvaluatorFactory"/> is registered.</exception>
    public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(tasks);
        var factory = services.GetService<IFitnessEvaluatorFactory>() ?? throw new InvalidOperationException("No IFitnessEvaluatorFactory is registered: add GPTailor.Models with builder.AddTorchSharpModels().");
        return Configure(new FitnessEvaluatorBuilder(_ => factory.Create(family, tasks))).Build(services);
    }

    /// <summary>Wraps an existing evaluator in the pipeline. The caller disposes the result (which disposes <paramref name="inner"/>).</summary>
    /// <param name="inner">The innermost evaluator.</param>
    public IFitnessEvaluator Wrap(IFitnessEvaluator inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return Configure(new FitnessEvaluatorBuilder(inner)).Build(services);
    }

    private FitnessEvaluatorBuilder Configure(FitnessEvaluatorBuilder builder)
    {
        var configurations = pipeline.Value.Configurations;
        for (var i = configurations.Count - 1; i >= 0; i--)
        {
            configurations[i](builder);
        }

        if (options.Value.CacheEvaluations)
        {
            builder.UseCaching();
        }

        return builder.UseLogging();
    }
}

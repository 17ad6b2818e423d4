using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>Registers GPTailor in an <see cref="IServiceCollection"/>.</summary>
public static class GPTailorServiceCollectionExtensions
{
    /// <summary>
    /// Adds GPTailor's core services (options with validation, the optimizer catalog, the
    /// <see cref="FitnessEvaluatorPipeline"/>, the default search space and the <see cref="TailoringRunner"/>). Add the
    /// implementation packages on the returned builder: <c>.AddSearch()</c> (GPTailor.Search) and
    /// <c>.AddTorchSharpModels()</c> (GPTailor.Models).
    /// </summary>
    public static GPTailorBuilder AddGPTailor(this IServiceCollection services, Action<GPTailorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GPTailorOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GPTailorOptions>, GPTailorOptionsValidator>());
        services.TryAddSingleton<IOptimizerCatalog, OptimizerCatalog>();
        services.AddOptions<FitnessEvaluatorPipelineOptions>();
        services.TryAddSingleton<FitnessEvaluatorPipeline>();
        services.TryAddSingleton<ISearchSpaceFactory, GPTailorSearchSpaceFactory>();
        services.TryAddSingleton<TailoringRunner>();
        services.AddLogging();
        return new GPTailorBuilder(services);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>Registers GPTailor in an <see cref="IServiceCollection"/>.</summary>
public static class GPTailorServiceCollectionExtensions
{
    /// <summary>
    /// Adds GPTailor's core services (options with validation, the optimizer catalog, the <see cref="TailoringRunner"/>,
    /// and — when <see cref="GPTailorOptions.CacheEvaluations"/> — caching and logging decorators). Add the
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
        services.TryAddSingleton<TailoringRunner>();
        services.AddLogging();
        return new GPTailorBuilder(services);
    }

    /// <summary>Applies the registered decorators (caching and logging first when enabled) to an evaluator.</summary>
    public static IFitnessEvaluator Decorate(this IServiceProvider services, IFitnessEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<GPTailorOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>();
        if (loggerFactory is not null)
        {
            evaluator = new LoggingFitnessEvaluator(evaluator, loggerFactory.CreateLogger<LoggingFitnessEvaluator>());
        }

        if (options.CacheEvaluations)
        {
            evaluator = new CachingFitnessEvaluator(evaluator);
        }

        foreach (var decorator in services.GetServices<EvaluatorDecorator>())
        {
            evaluator = decorator.Decorate(services, evaluator);
        }

        return evaluator;
    }
}

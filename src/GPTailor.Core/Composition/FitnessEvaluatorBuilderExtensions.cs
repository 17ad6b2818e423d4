using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GPTailor;

/// <summary>The standard steps of an evaluator pipeline.</summary>
public static class FitnessEvaluatorBuilderExtensions
{
    /// <summary>Adds a <see cref="CachingFitnessEvaluator"/> (scores cached by plan hash and budget).</summary>
    /// <param name="builder">The builder.</param>
    public static FitnessEvaluatorBuilder UseCaching(this FitnessEvaluatorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CachingFitnessEvaluator(inner));
    }

    /// <summary>
    /// Adds a <see cref="LoggingFitnessEvaluator"/>. Without <paramref name="loggerFactory"/>, the
    /// <see cref="ILoggerFactory"/> of the services given to <see cref="FitnessEvaluatorBuilder.Build"/> is used; the
    /// step is skipped when there is none.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">The logger factory, or null to take it from the services.</param>
    public static FitnessEvaluatorBuilder UseLogging(this FitnessEvaluatorBuilder builder, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var factory = loggerFactory ?? services.GetService<ILoggerFactory>();
            return factory is null || factory == NullLoggerFactory.Instance
                ? inner
                : new LoggingFitnessEvaluator(inner, factory.CreateLogger<LoggingFitnessEvaluator>());
        });
    }
}

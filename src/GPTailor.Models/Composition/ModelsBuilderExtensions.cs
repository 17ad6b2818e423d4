using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GPTailor.Models;

/// <summary>Adds the TorchSharp implementation (family loader, evaluator factory) to a <see cref="GPTailorBuilder"/>.</summary>
public static class ModelsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ModelFamilyLoader"/> and <see cref="TorchSharpEvaluatorFactory"/> unless the application
    /// registered its own (<c>TryAdd</c>), and the <see cref="TorchSharpEvaluatorOptions"/> (validated).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets device, dtype, batch size, maximum length and merge cache budget.</param>
    public static GPTailorBuilder AddTorchSharpModels(this GPTailorBuilder builder, Action<TorchSharpEvaluatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<TorchSharpEvaluatorOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<IModelFamilyLoader, ModelFamilyLoader>();
        builder.Services.TryAddSingleton<IFitnessEvaluatorFactory, TorchSharpEvaluatorFactory>();
        return builder;
    }
}

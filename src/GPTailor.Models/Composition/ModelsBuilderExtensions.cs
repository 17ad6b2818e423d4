using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GPTailor.Models;

/// <summary>Adds the TorchSharp implementation (family loader, evaluator factory) to a <see cref="GPTailorBuilder"/>.</summary>
public static class ModelsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ModelFamilyLoader"/> and <see cref="TorchSharpEvaluatorFactory"/> unless the application
    /// registered its own (<c>TryAdd</c>).
    /// </summary>
    public static GPTailorBuilder AddTorchSharpModels(this GPTailorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IModelFamilyLoader, ModelFamilyLoader>();
        builder.Services.TryAddSingleton<IFitnessEvaluatorFactory, TorchSharpEvaluatorFactory>();
        return builder;
    }
}

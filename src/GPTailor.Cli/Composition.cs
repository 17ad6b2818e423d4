using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GPTailor.Cli;

/// <summary>The CLI's service container: GPTailor core, search and TorchSharp models, console logging on stderr; <c>compose</c> adds or replaces parts (e.g. the worker pool).</summary>
internal static class Composition
{
    public static ServiceProvider Build(Action<TorchSharpEvaluatorOptions> configure, bool verbose = false, Action<GPTailorBuilder>? compose = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));
        var builder = services.AddGPTailor().AddSearch().AddTorchSharpModels(configure);
        compose?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}

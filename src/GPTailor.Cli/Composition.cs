using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GPTailor.Cli;

/// <summary>The CLI's service container: GPTailor core, search and TorchSharp models, console logging on stderr.</summary>
internal static class Composition
{
    public static ServiceProvider Build(Action<TorchSharpEvaluatorOptions> configure, bool verbose = false)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));
        services.AddGPTailor().AddSearch().AddTorchSharpModels(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GPTailor;

/// <summary>
/// Returned by <see cref="GPTailorServiceCollectionExtensions.AddGPTailor"/> to add or replace GPTailor's parts:
/// optimizers (keyed by name), the family loader, the evaluator factory, the evaluator pipeline, the search space and
/// schedulers.
/// The implementation packages add their defaults with <c>TryAdd</c>, so anything registered here wins.
/// </summary>
public sealed class GPTailorBuilder
{
    internal GPTailorBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers an optimizer under <paramref name="name"/> (replacing one of the same name). The delegate only creates
    /// the optimizer: the search evaluates the initial design first and then calls it with the best design point as
    /// <see cref="OptimizerRequest.InitialPoint"/>.
    /// </summary>
    public GPTailorBuilder AddOptimizer(string name, Func<OptimizerRequest, IZeroOrderOptimizer> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        return AddOptimizer(new DelegateOptimizerFactory(name, create));
    }

    /// <summary>Registers an optimizer factory (replacing one of the same name).</summary>
    public GPTailorBuilder AddOptimizer(IOptimizerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        Services.AddKeyedSingleton(factory.Name, factory);
        return this;
    }

    /// <summary>Uses <typeparamref name="TFactory"/> to create evaluators (replacing the default).</summary>
    public GPTailorBuilder UseEvaluatorFactory<TFactory>()
        where TFactory : class, IFitnessEvaluatorFactory
    {
        return Replace(ServiceDescriptor.Singleton<IFitnessEvaluatorFactory, TFactory>());
    }

    /// <summary>Uses a delegate to create evaluators (replacing the default).</summary>
    public GPTailorBuilder UseEvaluatorFactory(Func<IServiceProvider, IFitnessEvaluatorFactory> factory)
    {
        return Replace(ServiceDescriptor.Singleton<IFitnessEvaluatorFactory>(factory));
    }

    /// <summary>
    /// Adds steps to the evaluator pipeline (see <see cref="FitnessEvaluatorPipeline"/>): they wrap the default caching
    /// and logging steps; a later call wraps the steps of earlier ones, and within one call the first step added is
    /// outermost. Example: <c>ConfigureEvaluator(p =&gt; p.Use(inner =&gt; new MyEvaluator(inner)))</c>.
    /// </summary>
    /// <param name="configure">Adds steps with <see cref="FitnessEvaluatorBuilder.Use(Func{IFitnessEvaluator, IFitnessEvaluator})"/>.</param>
    public GPTailorBuilder ConfigureEvaluator(Action<FitnessEvaluatorBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<FitnessEvaluatorPipelineOptions>(o => o.Configurations.Add(configure));
        return this;
    }

    /// <summary>Uses a delegate to create the search space of each search (replacing <see cref="GPTailorSearchSpaceFactory"/>).</summary>
    /// <param name="create">Creates the space from the family's layer count, the candidate count, the removal count and the request.</param>
    public GPTailorBuilder UseSearchSpace(Func<SearchSpaceContext, ISearchSpace> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return Replace(ServiceDescriptor.Singleton<ISearchSpaceFactory>(new DelegateSearchSpaceFactory(create)));
    }

    /// <summary>Uses <typeparamref name="TLoader"/> to open families (replacing the default).</summary>
    public GPTailorBuilder UseFamilyLoader<TLoader>()
        where TLoader : class, IModelFamilyLoader
    {
        return Replace(ServiceDescriptor.Singleton<IModelFamilyLoader, TLoader>());
    }

    /// <summary>Uses an initial design provider (replacing the default); its points are evaluated before any optimizer starts.</summary>
    public GPTailorBuilder UseInitialDesign(IInitialDesignProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Replace(ServiceDescriptor.Singleton<IInitialDesignProvider>(provider));
    }

    /// <summary>Uses a scheduler factory (replacing the default).</summary>
    public GPTailorBuilder UseScheduler(ITrialSchedulerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Replace(ServiceDescriptor.Singleton<ITrialSchedulerFactory>(factory));
    }

    /// <summary>Removes every registration of the descriptor's service type, then adds the descriptor.</summary>
    private GPTailorBuilder Replace(ServiceDescriptor descriptor)
    {
        Services.RemoveAll(descriptor.ServiceType);
        Services.Add(descriptor);
        return this;
    }
}

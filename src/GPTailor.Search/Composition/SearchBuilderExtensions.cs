using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GPTailor.Search;

/// <summary>Adds GPTailor.Search's optimizers, schedulers and initial design to a <see cref="GPTailorBuilder"/>.</summary>
public static class SearchBuilderExtensions
{
    /// <summary>
    /// Registers the optimizers (their trajectories do not depend on the trial limit, which the search driver enforces,
    /// so a resumed search may raise it and still match an uninterrupted run with the higher limit) <c>cmaes</c> (CMA-ES with margin and IPOP restarts, warm-started by the initial design),
    /// <c>random</c> (random search after the initial design) and <c>spsa</c>; the scheduler (Hyperband when the
    /// minimum budget is below the maximum, else single fidelity); and the reference initial design. Anything the
    /// application registered first is kept (<c>TryAdd</c>); optimizers can be replaced by name with AddOptimizer.
    /// </summary>
    public static GPTailorBuilder AddSearch(this GPTailorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddOptimizer("cmaes", CreateCmaEs);
        builder.AddOptimizer("random", CreateRandom);
        builder.AddOptimizer("spsa", CreateSpsa);
        builder.Services.TryAddSingleton<ITrialSchedulerFactory, DefaultSchedulerFactory>();
        builder.Services.TryAddSingleton<IInitialDesignProvider, GPTailorInitialDesignProvider>();
        return builder;
    }

    /// <summary>
    /// Candidates asked at a time: one generation fills one Hyperband round of the reference budgets (17 new
    /// configurations for η = 3 and budgets 111/333/1000); smaller batches would shrink the brackets.
    /// </summary>
    public const int HyperbandRoundSize = 17;

    /// <summary>CMA-ES (margin, IPOP) started at the best point of the request's initial design.</summary>
    public static IZeroOrderOptimizer CreateCmaEs(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IZeroOrderOptimizer Inner(IReadOnlyList<double> start) => new CmaEs(request.Box, new CmaEsOptions
        {
            Mean0 = start,
            Sigma0 = 0.25 * request.Box.Upper.Zip(request.Box.Lower, (u, l) => u - l).Max(),
            Seed = (ulong)request.Seed,
            Restarts = CmaRestartStrategy.Ipop,
            PopulationSize = Math.Max(HyperbandRoundSize, 4 + (int)Math.Floor(3 * Math.Log(request.Box.Dimension))),
        });
        return request.InitialDesign.Count == 0 && request.InitialPoint is not null
            ? Inner(request.InitialPoint)
            : new WarmStartedOptimizer(request.Box, request.InitialDesign, Inner, HyperbandRoundSize);
    }

    /// <summary>Random search asking the initial design first.</summary>
    public static IZeroOrderOptimizer CreateRandom(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RandomSearch(request.Box, new RandomSearchOptions
        {
            Seed = (ulong)request.Seed,
            BatchSize = HyperbandRoundSize,
            InitialDesign = request.InitialDesign,
        });
    }

    /// <summary>SPSA started at the best point of the initial design (or the request's initial point).</summary>
    public static IZeroOrderOptimizer CreateSpsa(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IZeroOrderOptimizer Inner(IReadOnlyList<double> start) => new Spsa(request.Box, new SpsaOptions
        {
            Seed = (ulong)request.Seed,
            InitialPoint = start,
            MaxIterations = 1_000_000,
            StabilityConstant = 10,
        });
        return request.InitialDesign.Count == 0 && request.InitialPoint is not null
            ? Inner(request.InitialPoint)
            : new WarmStartedOptimizer(request.Box, request.InitialDesign, Inner, HyperbandRoundSize);
    }

    private sealed class DefaultSchedulerFactory : ITrialSchedulerFactory
    {
        public ITrialScheduler Create(IZeroOrderOptimizer optimizer, int minBudget, int maxBudget, int seed) =>
            minBudget < maxBudget
                ? new HyperbandScheduler(optimizer, new HyperbandOptions { MinBudget = minBudget, MaxBudget = maxBudget })
                : new SingleFidelityScheduler(optimizer, maxBudget);
    }
}

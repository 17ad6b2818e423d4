using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GPTailor.Search;

/// <summary>Adds GPTailor.Search's optimizers, schedulers and initial design to a <see cref="GPTailorBuilder"/>.</summary>
public static class SearchBuilderExtensions
{
    /// <summary>
    /// Registers the optimizers (their trajectories do not depend on the trial limit, which the search driver enforces,
    /// so a resumed search may raise it and still match an uninterrupted run with the higher limit) <c>cmaes</c> (CMA-ES
    /// with margin and IPOP restarts), <c>random</c> (random search), <c>spsa</c>, <c>smac</c> (random-forest Bayesian optimisation, <see cref="Smac"/>) and <c>evolution</c> (<see cref="Evolution"/>); the scheduler (Hyperband when the
    /// minimum budget is below the maximum, else single fidelity); and the reference initial design. The composition
    /// evaluates the initial design before any optimizer and starts it at the best design point
    /// (<see cref="OptimizerFactoryExtensions.CreateWithDesign"/>). Anything the application registered first is kept
    /// (<c>TryAdd</c>); optimizers can be replaced by name with AddOptimizer.
    /// </summary>
    public static GPTailorBuilder AddSearch(this GPTailorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddOptimizer("cmaes", CreateCmaEs);
        builder.AddOptimizer(new RandomSearchFactory());
        builder.AddOptimizer("spsa", CreateSpsa);
        builder.AddOptimizer(new SmacFactory());
        builder.AddOptimizer(new EvolutionFactory());
        builder.Services.TryAddSingleton<ITrialSchedulerFactory, DefaultSchedulerFactory>();
        builder.Services.TryAddSingleton<IInitialDesignProvider, GPTailorInitialDesignProvider>();
        return builder;
    }

    /// <summary>
    /// Points asked at a time: one generation fills one Hyperband round of the reference budgets (17 new
    /// configurations for η = 3 and budgets 111/333/1000); smaller batches would shrink the brackets.
    /// </summary>
    public const int HyperbandRoundSize = WarmStartedOptimizer.DefaultBatchSize;

    /// <summary>CMA-ES (margin, IPOP) started at the request's initial point (or the repaired box centre).</summary>
    public static IZeroOrderOptimizer CreateCmaEs(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CmaEs(request.Box, new CmaEsOptions
        {
            Mean0 = request.InitialPoint ?? Centre(request.Box),
            Sigma0 = 0.25 * request.Box.Upper.Zip(request.Box.Lower, (u, l) => u - l).Max(),
            Seed = (ulong)request.Seed,
            Restarts = CmaRestartStrategy.Ipop,
            PopulationSize = Math.Max(HyperbandRoundSize, 4 + (int)Math.Floor(3 * Math.Log(request.Box.Dimension))),
            ParEgo = request.ParEgo,
        });
    }

    /// <summary>Random search, <see cref="HyperbandRoundSize"/> points at a time (no initial design).</summary>
    public static IZeroOrderOptimizer CreateRandom(OptimizerRequest request) => new RandomSearchFactory().Create(request);

    /// <summary>
    /// SPSA started at the request's initial point (or the repaired box centre), with perturbations that change the
    /// decoded plan: c = 0.2 on continuous coordinates (enough to reorder keep-scores set at 0.25/0.75 by the design), and
    /// on binary/integer ones 0.55 for a fifth of them per pair (a perturbed flag flips on one side); step gain a = 1.
    /// Chosen on the search benchmark (docs/search-benchmark.md); the old c = 0.05 on every coordinate could not flip a
    /// flag or reorder keep-scores, so both points of a pair decoded to the same plan.
    /// </summary>
    public static IZeroOrderOptimizer CreateSpsa(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Spsa(request.Box, new SpsaOptions
        {
            Seed = (ulong)request.Seed,
            InitialPoint = request.InitialPoint ?? Centre(request.Box),
            MaxIterations = 1_000_000,
            StabilityConstant = 10,
            Perturbation = 0.2,
            StepSize = 1,
            DiscretePerturbation = 0.55,
            DiscreteShare = 0.2,
        });
    }

    private static double[] Centre(SearchBox box) => box.Repair(Enumerable.Range(0, box.Dimension).Select(i => (box.Lower[i] + box.Upper[i]) / 2).ToArray());

    private sealed class DefaultSchedulerFactory : ITrialSchedulerFactory
    {
        public ITrialScheduler Create(IZeroOrderOptimizer optimizer, int minBudget, int maxBudget, int seed) =>
            minBudget < maxBudget
                ? new HyperbandScheduler(optimizer, new HyperbandOptions { MinBudget = minBudget, MaxBudget = maxBudget })
                : new SingleFidelityScheduler(optimizer, maxBudget);
    }
}

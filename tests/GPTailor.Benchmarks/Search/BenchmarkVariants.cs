using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Benchmarks;

/// <summary>
/// Optimizer variants and scheduler settings the benchmark can compare with the registered optimizers side by side in
/// one run (<c>--variants a,b</c>, <c>--tell last|level</c>): the settings that the defaults were chosen against.
/// </summary>
internal static class BenchmarkVariants
{
    /// <summary>Variant name → factory.</summary>
    public static IReadOnlyDictionary<string, Func<OptimizerRequest, IZeroOrderOptimizer>> All { get; } = new Dictionary<string, Func<OptimizerRequest, IZeroOrderOptimizer>>
    {
        ["cmaes-pop17"] = r => Cma(r, o => o.PopulationSize = 17),
        ["cmaes-pop34"] = r => Cma(r, o => o.PopulationSize = 34),
        ["cmaes-sigma0.1"] = r => Cma(r, o => o.Sigma0 = 0.1),
        ["cmaes-sigma0.4"] = r => Cma(r, o => o.Sigma0 = 0.4),
        ["cmaes-norestart"] = r => Cma(r, o => o.Restarts = CmaRestartStrategy.None),
        ["spsa-q0.1"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare) = (0.55, 0.1)),
        ["spsa-q0.1-c0.2"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation) = (0.55, 0.1, 0.2)),
        ["spsa-q0.05-c0.2"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation) = (0.55, 0.05, 0.2)),
        ["spsa-q0.1-c0.2-a1"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation, o.StepSize) = (0.55, 0.1, 0.2, 1)),
        ["spsa-q0.1-c0.2-a4"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation, o.StepSize) = (0.55, 0.1, 0.2, 4)),
        ["spsa-q0.1-c0.1-a1"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation, o.StepSize) = (0.55, 0.1, 0.1, 1)),
        ["spsa-q0.2-c0.2-a1"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation, o.StepSize) = (0.55, 0.2, 0.2, 1)),
        ["smac-min3"] = r => Smac(r, o => o.MinObservations = 3),
        ["smac-min2"] = r => Smac(r, o => o.MinObservations = 2),
        ["smac-rand0.5"] = r => Smac(r, o => o.RandomProbability = 0.5),
        ["smac-step0.1"] = r => Smac(r, o => o.NeighbourStep = 0.1),
        ["smac-nolog"] = r => Smac(r, o => o.LogTransform = false),
        ["spsa-old"] = r => Spsa(r, o => (o.DiscretePerturbation, o.DiscreteShare, o.Perturbation) = (double.NaN, 1, 0.05)),
    };

    /// <summary>Variants that take the initial design themselves (as the registered <c>smac</c> and <c>evolution</c> do): name → factory.</summary>
    public static IReadOnlyDictionary<string, Func<OptimizerRequest, IReadOnlyList<IReadOnlyList<double>>, IZeroOrderOptimizer>> DesignAware { get; } = new Dictionary<string, Func<OptimizerRequest, IReadOnlyList<IReadOnlyList<double>>, IZeroOrderOptimizer>>
    {
        ["evo-x0.5-p3"] = (r, d) => Evo(r, d, o => (o.ExtraMutationProbability, o.Parents) = (0.5, 3)),
        ["evo-x0.5"] = (r, d) => Evo(r, d, o => o.ExtraMutationProbability = 0.5),
        ["evo-x0.5-p10-r0.3"] = (r, d) => Evo(r, d, o => (o.ExtraMutationProbability, o.Parents, o.RandomProbability) = (0.5, 10, 0.3)),
        ["evo-x0.5-b17"] = (r, d) => Evo(r, d, o => (o.ExtraMutationProbability, o.BatchSize) = (0.5, 17)),
        ["evo-x0.5-b4"] = (r, d) => Evo(r, d, o => (o.ExtraMutationProbability, o.BatchSize) = (0.5, 4)),
        ["evo-indep"] = (r, d) => Evo(r, d, o => o.MutationLayers = 0),
        ["evo-layers2"] = (r, d) => Evo(r, d, o => o.MutationLayers = 2),
        ["evo-layers4"] = (r, d) => Evo(r, d, o => o.MutationLayers = 4),
        ["evo-suffix"] = (r, d) => Evo(r, d, o => o.MutationLayers = int.MaxValue),
        ["random-b2"] = (r, d) => new RandomSearch(r.Box, new RandomSearchOptions { Seed = (ulong)r.Seed, BatchSize = 2, InitialDesign = d }),
        ["random-b4"] = (r, d) => new RandomSearch(r.Box, new RandomSearchOptions { Seed = (ulong)r.Seed, BatchSize = 4, InitialDesign = d }),
    };

    /// <summary>Every variant name.</summary>
    public static IReadOnlyCollection<string> Names => [.. All.Keys, .. DesignAware.Keys];

    /// <summary>Registers the named variants and, when <paramref name="tell"/> is given, a Hyperband scheduler telling that way.</summary>
    public static void Configure(GPTailorBuilder builder, IEnumerable<string> variants, HyperbandTellMode? tell)
    {
        foreach (var v in variants)
        {
            if (DesignAware.TryGetValue(v, out var designAware))
            {
                builder.AddOptimizer(new DesignAwareVariant(v, designAware));
            }
            else
            {
                builder.AddOptimizer(v, All[v]);
            }
        }

        if (tell is { } mode)
        {
            builder.Services.AddSingleton<ITrialSchedulerFactory>(new SchedulerFactory(mode));
        }
    }

    private static CmaEs Cma(OptimizerRequest request, Action<CmaEsOptions> change)
    {
        var reference = (CmaEs)SearchBuilderExtensions.CreateCmaEs(request);
        var options = new CmaEsOptions
        {
            Mean0 = reference.Mean,
            Sigma0 = reference.Sigma,
            Seed = (ulong)request.Seed,
            Restarts = CmaRestartStrategy.Ipop,
            PopulationSize = reference.PopulationSize,
        };
        change(options);
        return new CmaEs(request.Box, options);
    }

    private static Smac Smac(OptimizerRequest request, Action<SmacOptions> change)
    {
        var options = new SmacOptions
        {
            Seed = (ulong)request.Seed,
            BatchSize = SearchBuilderExtensions.HyperbandRoundSize,
            ActiveDimensions = request.ActiveDimensions,
            ParEgo = request.ParEgo,
        };
        change(options);
        return new Smac(request.Box, options);
    }

    private static Evolution Evo(OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design, Action<EvolutionOptions> change)
    {
        var options = new EvolutionOptions
        {
            Seed = (ulong)request.Seed,
            BatchSize = EvolutionFactory.DefaultBatchSize,
            InitialDesign = design,
            ActiveDimensions = request.ActiveDimensions,
            Canonicalize = request.Canonicalize,
            DimensionLayers = request.DimensionLayers,
        };
        change(options);
        return new Evolution(request.Box, options);
    }

    private static Spsa Spsa(OptimizerRequest request, Action<SpsaOptions> change)
    {
        var options = new SpsaOptions
        {
            Seed = (ulong)request.Seed,
            InitialPoint = request.InitialPoint ?? request.Box.Repair(Enumerable.Range(0, request.Box.Dimension).Select(i => (request.Box.Lower[i] + request.Box.Upper[i]) / 2).ToArray()),
            MaxIterations = 1_000_000,
            StabilityConstant = 10,
        };
        change(options);
        return new Spsa(request.Box, options);
    }

    private sealed class DesignAwareVariant(string name, Func<OptimizerRequest, IReadOnlyList<IReadOnlyList<double>>, IZeroOrderOptimizer> create) : IDesignAwareOptimizerFactory
    {
        public string Name => name;

        public IZeroOrderOptimizer Create(OptimizerRequest request) => create(request, []);

        public IZeroOrderOptimizer Create(OptimizerRequest request, IReadOnlyList<IReadOnlyList<double>> design) => create(request, design);
    }

    private sealed class SchedulerFactory(HyperbandTellMode mode) : ITrialSchedulerFactory
    {
        public ITrialScheduler Create(IZeroOrderOptimizer optimizer, int minBudget, int maxBudget, int seed) =>
            minBudget < maxBudget
                ? new HyperbandScheduler(optimizer, new HyperbandOptions { MinBudget = minBudget, MaxBudget = maxBudget, Tell = mode })
                : new SingleFidelityScheduler(optimizer, maxBudget);
    }
}

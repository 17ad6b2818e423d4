using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>
/// The composed search: opens the family (headers checked), builds the GPTailor search space for the removal target,
/// creates the optimizer, scheduler, evaluator (with decorators) and scalarizer from DI, and runs the
/// <see cref="SearchDriver"/>.
/// </summary>
public sealed class TailoringRunner(IServiceProvider services, IOptions<GPTailorOptions> options, IOptimizerCatalog optimizers)
{
    /// <summary>Runs (or resumes) a search.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Finalists < 0 || request.FinalistBudget is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Finalists must be ≥ 0 and FinalistBudget ≥ 1.");
        }

        var loader = services.GetService<IModelFamilyLoader>() ?? throw new InvalidOperationException("No IModelFamilyLoader is registered: add GPTailor.Models with builder.AddTorchSharpModels().");
        var evaluators = services.GetService<IFitnessEvaluatorFactory>() ?? throw new InvalidOperationException("No IFitnessEvaluatorFactory is registered: add GPTailor.Models with builder.AddTorchSharpModels().");
        var schedulers = services.GetService<ITrialSchedulerFactory>() ?? throw new InvalidOperationException("No ITrialSchedulerFactory is registered: add GPTailor.Search with builder.AddSearch().");
        var tasks = TaskSet.Load(request.TasksPath);
        using var family = loader.Open(FamilyManifest.Load(request.FamilyPath));
        var space = CreateSpace(family, request);
        var designSize = request.InitialDesignSize ?? SearchRequest.DefaultInitialDesignSize;
        var o = space.Options;
        var design = designSize > 0 && services.GetService<IInitialDesignProvider>() is { } provider
            ? provider.Create(new InitialDesignRequest(space, o.LayerCount, o.RemoveCount, o.CandidateCount, request.Seed, designSize))
            : [];
        var optimizer = optimizers.Get(request.Optimizer ?? options.Value.Optimizer).CreateWithDesign(new OptimizerRequest(space.Box, space.DefaultPoint, request.Seed, request.Trials), design);
        var scheduler = schedulers.Create(optimizer, Math.Min(request.MinBudget, request.MaxBudget), request.MaxBudget, request.Seed);
        var evaluator = services.Decorate(evaluators.Create(family, tasks));
        var weights = evaluator.TaskNames.Select(n => tasks.Tasks.FirstOrDefault(t => t.Name == n)?.Weight ?? 1.0).ToArray();
        IScalarizer scalarizer = request.UseParEgo && weights.Length > 1
            ? new ParEgoScalarizer(weights.Length, (ulong)request.Seed)
            : new WeightedSumScalarizer(weights);
        var driver = new SearchDriver(space, scheduler, evaluator, scalarizer, new SearchDriverOptions
        {
            MaxTrials = request.Trials,
            MaxConcurrency = request.Concurrency,
            Seed = request.Seed,
            SelectionWeights = weights,
        }, services.GetService<ILogger<SearchDriver>>());
        var result = await driver.RunAsync(request.RunDirectory, request.Resume, progress, cancellationToken).ConfigureAwait(false);
        return request.Finalists == 0
            ? result
            : await FinalistSelection.RunAsync(result, evaluator, weights, request.Finalists, new EvaluationBudget(request.FinalistBudget ?? int.MaxValue), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The GPTailor search space for a family and the request's removal target.</summary>
    public static GPTailorSearchSpace CreateSpace(IModelFamily family, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(request);
        var targets = new[] { request.Remove.HasValue, request.Keep.HasValue, request.Sparsity.HasValue }.Count(t => t);
        if (targets != 1)
        {
            throw new ArgumentException("Give exactly one of remove, keep or sparsity.");
        }

        var n = family.LayerCount;
        var k = request.Remove is int r ? RemovalCount.Check(n, r, $"--remove {r}")
            : request.Keep is int keep ? RemovalCount.FromKeep(n, keep)
            : RemovalCount.FromLayerSparsity(n, request.Sparsity!.Value);
        return new GPTailorSearchSpace(new GPTailorSearchSpaceOptions
        {
            LayerCount = n,
            CandidateCount = request.RemovalOnly ? 0 : family.CandidateCount,
            RemoveCount = k,
            AnchorMode = request.AnchorMode,
        });
    }
}

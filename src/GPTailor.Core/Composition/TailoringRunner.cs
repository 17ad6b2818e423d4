using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>
/// The composed search: opens the family (headers checked), builds the search space for the removal target (through
/// the registered <see cref="ISearchSpaceFactory"/>), creates the optimizer, scheduler, evaluator (through the
/// <see cref="FitnessEvaluatorPipeline"/>; disposed after the search) and scalarizer from DI, and runs the
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
        var pipeline = services.GetRequiredService<FitnessEvaluatorPipeline>();
        var schedulers = services.GetService<ITrialSchedulerFactory>() ?? throw new InvalidOperationException("No ITrialSchedulerFactory is registered: add GPTailor.Search with builder.AddSearch().");
        var tasks = TaskSet.Load(request.TasksPath);
        using var family = loader.Open(FamilyManifest.Load(request.FamilyPath));
        var context = new SearchSpaceContext(family, RemoveCountOf(family.LayerCount, request), request);
        var space = (services.GetService<ISearchSpaceFactory>() ?? new GPTailorSearchSpaceFactory()).Create(context);
        var designSize = request.InitialDesignSize ?? SearchRequest.DefaultInitialDesignSize;
        var design = designSize > 0 && services.GetService<IInitialDesignProvider>() is { } provider
            ? provider.Create(new InitialDesignRequest(space, context.LayerCount, context.RemoveCount, context.CandidateCount, request.Seed, designSize))
            : [];
        var optimizerName = request.Optimizer ?? options.Value.Optimizer;
        var optimizer = optimizers.Get(optimizerName).CreateWithDesign(new OptimizerRequest(space.Box, space.DefaultPoint, request.Seed, request.Trials), design);
        var scheduler = schedulers.Create(optimizer, Math.Min(request.MinBudget, request.MaxBudget), request.MaxBudget, request.Seed);
        using var evaluator = pipeline.Create(family, tasks);
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
            OptimizerName = optimizerName,
        }, services.GetService<ILogger<SearchDriver>>());
        var result = await driver.RunAsync(request.RunDirectory, request.Resume, progress, cancellationToken).ConfigureAwait(false);
        return request.Finalists == 0
            ? result
            : await FinalistSelection.RunAsync(result, evaluator, weights, request.Finalists, new EvaluationBudget(request.FinalistBudget ?? int.MaxValue), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The number of layers to remove for the request's removal target (exactly one of remove, keep, sparsity).</summary>
    /// <param name="layerCount">Decoder layer count N of the family.</param>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentException">Not exactly one target is given, or it is out of range.</exception>
    public static int RemoveCountOf(int layerCount, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var targets = new[] { request.Remove.HasValue, request.Keep.HasValue, request.Sparsity.HasValue }.Count(t => t);
        if (targets != 1)
        {
            throw new ArgumentException("Give exactly one of remove, keep or sparsity.");
        }

        return request.Remove is int r ? RemovalCount.Check(layerCount, r, $"--remove {r}")
            : request.Keep is int keep ? RemovalCount.FromKeep(layerCount, keep)
            : RemovalCount.FromLayerSparsity(layerCount, request.Sparsity!.Value);
    }
}

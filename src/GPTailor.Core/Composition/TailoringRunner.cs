using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>
/// The composed search: opens the family (headers checked), builds the search space for the removal target (through
/// the registered <see cref="ISearchSpaceFactory"/>), creates the optimizer, scheduler, evaluator (through the
/// <see cref="FitnessEvaluatorPipeline"/>; disposed after the search) and scalarizer from DI, and runs the
/// <see cref="SearchDriver"/>. The run's <c>run.json</c> records what defines the search (family member fingerprints,
/// task file hashes, budgets, removal count, space options, initial design, finalists, scalarizer), so that a resume
/// of a different search is refused with the list of differences.
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
        var optimizerFactory = optimizers.Get(optimizerName);
        using var evaluator = pipeline.Create(family, tasks);
        var weights = evaluator.TaskNames.Select(n => tasks.Tasks.FirstOrDefault(t => t.Name == n)?.Weight ?? 1.0).ToArray();
        IScalarizer scalarizer = request.UseParEgo && weights.Length > 1
            ? new ParEgoScalarizer(weights.Length, (ulong)request.Seed)
            : new WeightedSumScalarizer(weights);
        var optimizerRequest = new OptimizerRequest(space.Box, space.DefaultPoint, request.Seed, request.Trials)
        {
            ActiveDimensions = space.ActiveDimensions,
            Canonicalize = point => space.Encode(space.Decode(point)),
            DimensionLayers = space.DimensionLayers,
            ParEgo = scalarizer is ParEgoScalarizer,
        };
        var optimizer = optimizerFactory.CreateWithDesign(optimizerRequest, design);
        var scheduler = schedulers.Create(optimizer, Math.Min(request.MinBudget, request.MaxBudget), request.MaxBudget, request.Seed);
        var driver = new SearchDriver(space, scheduler, evaluator, scalarizer, new SearchDriverOptions
        {
            MaxTrials = request.Trials,
            MaxConcurrency = request.Concurrency,
            Seed = request.Seed,
            SelectionWeights = weights,
            OptimizerName = optimizerName,
            RunDefinition = Definition(request, family, tasks, context.RemoveCount, designSize, scalarizer),
            Finalists = request.Finalists,
            FinalistBudget = new EvaluationBudget(request.FinalistBudget ?? int.MaxValue),
        }, services.GetService<ILogger<SearchDriver>>());
        return await driver.RunAsync(request.RunDirectory, request.Resume, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What defines the search besides the driver's own fields: recorded in run.json, compared on resume.</summary>
    private static JsonObject Definition(SearchRequest request, IModelFamily family, TaskSet tasks, int removeCount, int designSize, IScalarizer scalarizer) => new()
    {
        ["family"] = new JsonObject
        {
            ["architecture"] = family.Architecture,
            ["layers"] = family.LayerCount,
            ["members"] = new JsonArray(family.Members.Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m.Name,
                ["fingerprint"] = family.MemberFingerprint(m.Index),
            }).ToArray()),
        },
        ["task_files"] = new JsonObject
        {
            ["tasks_json_sha256"] = Sha256(request.TasksPath),
            ["data"] = new JsonArray(tasks.Tasks.Select(t => (JsonNode)new JsonObject
            {
                ["task"] = t.Name,
                ["kind"] = t.Kind.ToString(),
                ["metric"] = t.Metric,
                ["weight"] = t.Weight,
                ["sha256"] = Sha256(t.Path),
            }).ToArray()),
        },
        ["budgets"] = new JsonObject { ["min"] = Math.Min(request.MinBudget, request.MaxBudget), ["max"] = request.MaxBudget },
        ["remove"] = removeCount,
        ["space"] = new JsonObject { ["removal_only"] = request.RemovalOnly, ["anchor_mode"] = request.AnchorMode.ToString() },
        ["initial_design"] = designSize,
        ["scalarizer"] = scalarizer.GetType().Name,
        ["finalists"] = new JsonObject { ["count"] = request.Finalists, ["budget"] = request.FinalistBudget ?? int.MaxValue },
    };

    private static string Sha256(string path)
    {
        if (Directory.Exists(path))
        {
            return DirectorySha256(path);
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// The fingerprint of a dataset directory: SHA-256 over each regular file's relative path and SHA-256, in ordinal
    /// order (files whose real path leads outside the directory are left out; the task loader refuses them).
    /// </summary>
    private static string DirectorySha256(string path)
    {
        var root = FilePaths.Canonical(path);
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 6, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            if (FilePaths.NonRegularFileKind(file) is null && FilePaths.Canonical(file).StartsWith(root + System.IO.Path.DirectorySeparatorChar, FilePaths.Comparison))
            {
                lines.Add(System.IO.Path.GetRelativePath(root, file) + "\0" + Sha256(file));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
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

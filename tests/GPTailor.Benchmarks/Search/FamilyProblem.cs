using GPTailor.Models;
using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Benchmarks;

/// <summary>
/// A family built by <see cref="DefaultFamilyBuilder"/> with other options than the demo's (depth, skills and number of
/// fine-tunes, data and weight seeds, smaller and shorter-trained), cached under the cache directory; calibration
/// (<see cref="BenchmarkProblem.CalibrationDocuments"/> questions per skill) and test splits are disjoint.
/// </summary>
internal sealed class FamilyProblem(string name, DefaultFamilyOptions options, double removeFraction) : BenchmarkProblem
{
    private BuiltDefaultFamily? _built;
    private ModelFamily? _family;
    private ServiceProvider? _testServices;
    private IFitnessEvaluator? _test;

    /// <summary>Question groups per forward pass of the searches' evaluator (<see cref="TorchSharpEvaluatorOptions.BatchSize"/>).</summary>
    public static int BatchSize { get; set; } = 16;

    public DefaultFamilyOptions Options => options;

    public override string Name => name;

    public override string Description =>
        $"{options.Layers} layers, {options.SkillList.Count} fine-tunes ({string.Join(", ", options.SkillList.Select(s => s.Name))}), hidden {options.Hidden}, seed {options.Seed}, remove {Removals} ({100.0 * Removals / options.Layers:F0} %)";

    public override int Layers => options.Layers;

    public override int Removals => RemovalCount.FromLayerSparsity(options.Layers, removeFraction);

    public override string FamilyPath => Built.FamilyPath;

    public override string TasksPath => Built.CalibrationTasksPath;

    private BuiltDefaultFamily Built => _built ?? throw new InvalidOperationException("Prepare the problem first.");

    public override async Task PrepareAsync(string cacheDirectory, TextWriter log)
    {
        var directory = Path.Combine(cacheDirectory, name);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _built = await DefaultFamilyBuilder.BuildAsync(directory, options).ConfigureAwait(false);
        log.WriteLine(_built.Reused ? $"  {name}: cached in {directory}" : $"  {name}: built in {watch.Elapsed.TotalSeconds:F0} s ({directory})");
    }

    public override ServiceProvider CreateServices(Action<GPTailorBuilder> configure)
    {
        var services = new ServiceCollection();
        var builder = services.AddGPTailor();
        configure(builder);
        builder.AddSearch().AddTorchSharpModels(o => o.BatchSize = BatchSize);
        return services.BuildServiceProvider();
    }

    public override async Task<double> TestScoreAsync(TailoringPlan plan)
    {
        if (_test is null)
        {
            _testServices = CreateServices(_ => { });
            _family = ModelFamily.Open(FamilyManifest.Load(Built.FamilyPath));
            _test = _testServices.GetRequiredService<FitnessEvaluatorPipeline>().Create(_family, TaskSet.Load(Built.TestTasksPath));
        }

        var scores = await _test.EvaluateAsync(plan, EvaluationBudget.Full).ConfigureAwait(false);
        return scores.Scores.Average(s => s.Value);
    }

    public override void Dispose()
    {
        _test?.Dispose();
        _family?.Dispose();
        _testServices?.Dispose();
    }
}

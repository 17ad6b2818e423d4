using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class EvaluatorPipelineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TheDefaultPipelineWrapsATaskSetEvaluatorReachableThroughGetService()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 1);
        var path = Path.Combine(_dir.Path, "ppl.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"tokens\":[1,5,9,13]}", "{\"tokens\":[2,4,6]}"]);
        var tasks = new TaskSet([new TaskDefinition("ppl", TaskKind.Perplexity, path, "nll", 1)]);
        var services = new ServiceCollection();
        services.AddGPTailor().AddTorchSharpModels(o =>
        {
            o.Device = ComputeDevice.Cuda; // falls back to the CPU (with a logged warning) where CUDA is missing
            o.BatchSize = 1;
        });
        using var provider = services.BuildServiceProvider();
        using var family = provider.GetRequiredService<IModelFamilyLoader>().Open(manifest);
        using var evaluator = provider.GetRequiredService<FitnessEvaluatorPipeline>().Create(family, tasks);
        var plan = TailoringPlan.Dense(4, 1);
        var first = await evaluator.EvaluateAsync(plan, EvaluationBudget.Full);
        var second = await evaluator.EvaluateAsync(plan, EvaluationBudget.Full);
        Assert.Equal(first.Scores, second.Scores);

        var inner = evaluator.GetService<TaskSetEvaluator>();
        Assert.NotNull(inner);
        Assert.Equal(1, inner.Statistics.Evaluations); // the second call was answered by the cache
        Assert.Equal(1, evaluator.GetService<CachingFitnessEvaluator>()!.Hits);
        Assert.Same(family, evaluator.GetService<PlanStitcher>()!.Family);
        Assert.Null(evaluator.GetService<ModelFamily>());
    }

    [Fact]
    public void TheFactoryRefusesAFamilyWithoutTensorAccess()
    {
        var services = new ServiceCollection();
        services.AddGPTailor().AddTorchSharpModels();
        using var provider = services.BuildServiceProvider();
        var path = Path.Combine(_dir.Path, "x.jsonl");
        File.WriteAllText(path, "{\"tokens\":[1,2]}\n");
        using var family = new HollowFamily();
        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IFitnessEvaluatorFactory>().Create(family, new TaskSet([new TaskDefinition("x", TaskKind.Perplexity, path, "nll", 1)])));
        Assert.Contains("ModelFamily", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidEvaluatorOptionsFailValidation()
    {
        var services = new ServiceCollection();
        services.AddGPTailor().AddTorchSharpModels(o => o.BatchSize = 0);
        using var provider = services.BuildServiceProvider();
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TorchSharpEvaluatorOptions>>().Value);
    }

    private sealed class HollowFamily : IModelFamily
    {
        public string Architecture => "LlamaForCausalLM";

        public int LayerCount => 4;

        public IReadOnlyList<FamilyMember> Members { get; } = [new FamilyMember(0, "base", "/nowhere")];

        public long TotalParameters => 0;

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

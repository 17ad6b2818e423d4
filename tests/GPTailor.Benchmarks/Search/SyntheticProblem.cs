using GPTailor.Search;
using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Benchmarks;

/// <summary>
/// A <see cref="SyntheticObjective"/> behind the same composition as a real search (<see cref="TailoringRunner"/>,
/// the registered optimizers, initial design, Hyperband and ParEGO): a family file over empty member directories, a
/// tasks file with one placeholder document per task, a family loader and an evaluator factory that score plans with the
/// objective.
/// </summary>
internal sealed class SyntheticProblem(string name, int layers, int candidates, int removals, int tasks, ulong seed) : BenchmarkProblem
{
    private readonly SyntheticObjective _objective = new(layers, candidates, removals, tasks, BenchmarkProblem.CalibrationDocuments, seed);

    public override string Name => name;

    public override string Description => $"synthetic: {layers} layers, {candidates} candidates, {tasks} tasks, remove {removals} ({100.0 * removals / layers:F0} %)";

    public override int Layers => layers;

    public override int Removals => removals;

    public override double? Optimum => _objective.Optimum();

    public override Task PrepareAsync(string cacheDirectory, TextWriter log)
    {
        Directory.CreateDirectory(WorkDirectory);
        var members = Enumerable.Range(0, candidates + 1).Select(i => Path.Combine(WorkDirectory, i == 0 ? "base" : $"candidate{i}")).ToArray();
        foreach (var m in members)
        {
            Directory.CreateDirectory(m);
        }

        FamilyManifest.FromDirectories(members).Save(FamilyPath);
        var entries = Enumerable.Range(0, tasks).Select(t => $"{{\"name\":\"t{t}\",\"kind\":\"multiple_choice\",\"path\":\"t{t}.jsonl\",\"metric\":\"acc\"}}");
        foreach (var t in Enumerable.Range(0, tasks))
        {
            File.WriteAllText(Path.Combine(WorkDirectory, $"t{t}.jsonl"), "{\"context\":\"x\",\"choices\":[\"a\",\"b\"],\"gold\":0}\n");
        }

        File.WriteAllText(TasksPath, "{\"tasks\":[" + string.Join(",", entries) + "]}\n");
        return Task.CompletedTask;
    }

    public override string FamilyPath => Path.Combine(WorkDirectory, "family.json");

    public override string TasksPath => Path.Combine(WorkDirectory, "tasks.json");

    private string WorkDirectory => Path.Combine(Path.GetTempPath(), $"gptailor-search-bench-{Environment.ProcessId}", name);

    public override ServiceProvider CreateServices(Action<GPTailorBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IModelFamilyLoader>(new Loader(layers));
        var builder = services.AddGPTailor();
        configure(builder);
        builder.AddSearch().UseEvaluatorFactory(_ => new Factory(_objective));
        return services.BuildServiceProvider();
    }

    public override Task<double> TestScoreAsync(TailoringPlan plan) => Task.FromResult(_objective.TrueScores(plan).Average());

    public override void Dispose()
    {
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }

    private sealed class Loader(int layers) : IModelFamilyLoader
    {
        public IModelFamily Open(FamilyManifest manifest) => new Family(layers, manifest.Members);
    }

    private sealed class Family(int layers, IReadOnlyList<FamilyMember> members) : IModelFamily
    {
        public string Architecture => "synthetic";

        public int LayerCount => layers;

        public IReadOnlyList<FamilyMember> Members => members;

        public long TotalParameters => layers;

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class Factory(SyntheticObjective objective) : IFitnessEvaluatorFactory
    {
        public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks) => new Evaluator(objective, tasks.Tasks.Select(t => t.Name).ToArray());
    }

    private sealed class Evaluator(SyntheticObjective objective, IReadOnlyList<string> names) : IFitnessEvaluator
    {
        public IReadOnlyList<string> TaskNames => names;

        public Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
        {
            var documents = Math.Min(budget.Documents, objective.Documents);
            var scores = objective.NoisyScores(plan, documents);
            return Task.FromResult(new TaskScores(names.Select((n, i) => new TaskScore(n, "acc", scores[i], ObjectiveDirection.Maximize, documents)).ToArray()));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}

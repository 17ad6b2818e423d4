using Microsoft.Extensions.DependencyInjection;

namespace GPTailor.Benchmarks;

/// <summary>One problem of the search benchmark: a family (or synthetic objective), its calibration tasks and a removal count.</summary>
internal abstract class BenchmarkProblem : IDisposable
{
    /// <summary>Calibration documents per task; the largest budget uses all of them.</summary>
    public const int CalibrationDocuments = 100;

    /// <summary>The Hyperband budgets (η = 3): 11, 33, 100 documents per task.</summary>
    public const int MinBudget = 11;

    /// <summary>The largest budget: every calibration document.</summary>
    public const int MaxBudget = CalibrationDocuments;

    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract int Layers { get; }

    public abstract int Removals { get; }

    /// <summary>The best achievable mean test score when known (synthetic objectives), else null.</summary>
    public virtual double? Optimum => null;

    public abstract string FamilyPath { get; }

    public abstract string TasksPath { get; }

    /// <summary>Builds (or reuses) the family and writes the files the search needs.</summary>
    public abstract Task PrepareAsync(string cacheDirectory, TextWriter log);

    /// <summary>The service container of the searches (the same composition as the CLI's; <paramref name="configure"/> runs before <c>AddSearch</c>).</summary>
    public abstract ServiceProvider CreateServices(Action<GPTailorBuilder> configure);

    /// <summary>The mean test score of a plan (test split, never seen by the search; noise-free for synthetic objectives).</summary>
    public abstract Task<double> TestScoreAsync(TailoringPlan plan);

    public abstract void Dispose();
}

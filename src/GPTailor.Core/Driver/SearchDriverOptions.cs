using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>Settings of <see cref="SearchDriver"/>.</summary>
public sealed class SearchDriverOptions
{
    /// <summary>Stop after this many evaluated trials (any budget).</summary>
    public int MaxTrials { get; set; } = 100;

    /// <summary>Trials evaluated at the same time (one per device).</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Seed passed to evaluators in <see cref="EvaluationBudget.Seed"/>.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// The optimizer's name recorded in <c>run.json</c> (a resume with another optimizer is refused); defaults to
    /// <see cref="IOptimizerStatus.Name"/> of the scheduler's optimizer, else its type name.
    /// </summary>
    public string? OptimizerName { get; set; }

    /// <summary>
    /// What else defines the search, recorded in <c>run.json</c> next to the driver's own fields (optimizer, scheduler,
    /// dimensions, task names, seed): for example the family's and the task files' content hashes, budgets, removal
    /// count and space options. A resume is refused when any field differs, and the refusal lists the differences.
    /// Must not reuse the driver's field names (<c>format</c>, <c>optimizer</c>, <c>scheduler</c>, <c>dimensions</c>,
    /// <c>tasks</c>, <c>seed</c>).
    /// </summary>
    public JsonObject? RunDefinition { get; set; }

    /// <summary>
    /// Finalists scored again after the search, while the run directory is still locked (0 = none): see
    /// <see cref="FinalistSelection"/>.
    /// </summary>
    public int Finalists { get; set; }

    /// <summary>Budget of the finalists (all documents by default).</summary>
    public EvaluationBudget FinalistBudget { get; set; } = new(int.MaxValue);

    /// <summary>Abort with <see cref="SearchFailedException"/> after this many failed trials in a row.</summary>
    public int MaxConsecutiveFailures { get; set; } = 5;

    /// <summary>
    /// Weights of the task costs used to pick the best plan among the trials at the highest budget (defaults to the
    /// task set's weights, else equal weights). ParEGO values change weights per iteration and are not comparable.
    /// </summary>
    public IReadOnlyList<double>? SelectionWeights { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> on invalid settings.</summary>
    public void Validate()
    {
        RequirePositive(MaxTrials, nameof(MaxTrials));
        RequirePositive(MaxConcurrency, nameof(MaxConcurrency));
        RequirePositive(MaxConsecutiveFailures, nameof(MaxConsecutiveFailures));
        if (Finalists < 0)
        {
            throw new ArgumentException($"{nameof(Finalists)} must be ≥ 0 (got {Finalists}).");
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be ≥ 1 (got {value}).");
        }
    }
}

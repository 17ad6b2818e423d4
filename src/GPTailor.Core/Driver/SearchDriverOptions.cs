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
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be ≥ 1 (got {value}).");
        }
    }
}

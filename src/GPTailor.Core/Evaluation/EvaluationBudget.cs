namespace GPTailor;

/// <summary>
/// The fidelity of one evaluation: the first <see cref="Documents"/> documents of each task are used (deterministic,
/// as lm-eval's <c>limit</c>); <see cref="Seed"/> is passed on to evaluators that sample.
/// </summary>
/// <param name="Documents">Documents per task; <see cref="int.MaxValue"/> means all.</param>
/// <param name="Seed">A seed for evaluators that sample.</param>
public readonly record struct EvaluationBudget(int Documents, int Seed = 0)
{
    /// <summary>Every document of every task.</summary>
    public static EvaluationBudget Full { get; } = new(int.MaxValue);
}

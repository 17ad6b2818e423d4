namespace GPTailor.Search;

/// <summary>One Hyperband bracket: configurations and budget per successive-halving stage.</summary>
/// <param name="Index">Bracket index i (0 = most configurations, lowest first budget).</param>
/// <param name="ConfigCounts">Configurations evaluated in each stage.</param>
/// <param name="Budgets">Budget of each stage as SMAC computes it (e.g. 111.1, 333.3, 1000).</param>
/// <param name="Levels">Index of each stage's budget in the full budget ladder (bracket 0's budgets).</param>
public sealed record HyperbandBracket(int Index, IReadOnlyList<int> ConfigCounts, IReadOnlyList<double> Budgets, IReadOnlyList<int> Levels)
{
    /// <summary>Budgets as handed to the evaluator: truncated to whole documents like the reference's <c>int(budget)</c>.</summary>
    public IReadOnlyList<int> IntegerBudgets => Budgets.Select(b => (int)Math.Floor(b + 1e-9)).ToArray();

    /// <summary>Trials the bracket runs (sum of <see cref="ConfigCounts"/>).</summary>
    public int TrialCount => ConfigCounts.Sum();
}

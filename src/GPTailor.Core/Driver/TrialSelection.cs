namespace GPTailor;

/// <summary>
/// Chooses among finished trials: the selection cost (weighted sum of task costs), the best trial at the highest budget,
/// and the Pareto front at a budget.
/// </summary>
internal static class TrialSelection
{
    /// <summary>Σ weight × cost over the tasks (missing weights count 1): lower is better.</summary>
    public static double Cost(TaskScores scores, IReadOnlyList<double>? weights)
    {
        var costs = scores.Costs();
        var effective = new double[costs.Length];
        for (var i = 0; i < costs.Length; i++)
        {
            effective[i] = weights is not null && i < weights.Count ? weights[i] : 1.0;
        }

        return WeightedSumScalarizer.Sum(effective, costs);
    }

    /// <summary>
    /// The successful trial of lowest <see cref="Cost"/> among those at the highest budget (ties: the earlier trial), or
    /// null when none succeeded. Folding it over trials two at a time gives the same answer as over all of them.
    /// </summary>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials, IReadOnlyList<double>? weights)
    {
        var ok = trials.Where(t => t.Scores is not null).ToArray();
        if (ok.Length == 0)
        {
            return null;
        }

        var top = ok.Max(t => t.Budget);
        return ok.Where(t => t.Budget == top).OrderBy(t => Cost(t.Scores!, weights)).ThenBy(t => t.Trial).First();
    }

    /// <summary>The successful trials at <paramref name="budget"/> that no other dominates, one per plan, in trial order.</summary>
    public static TrialRecord[] ParetoFront(IEnumerable<TrialRecord> trials, int budget)
    {
        var atBudget = trials.Where(t => t.Scores is not null && t.Budget == budget).Select(t => (Trial: t, Costs: t.Scores!.Costs())).ToArray();
        return atBudget.Where(a => !atBudget.Any(b => ParetoDominance.Dominates(b.Costs, a.Costs)))
            .Select(a => a.Trial)
            .GroupBy(t => t.PlanHash).Select(g => g.First()).OrderBy(t => t.Trial).ToArray();
    }
}

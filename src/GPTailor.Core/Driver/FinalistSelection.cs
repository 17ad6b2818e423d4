namespace GPTailor;

/// <summary>
/// Picks the search's answer more reliably than "best score at the highest budget": the best plans at that budget are
/// partly there by luck (the winner's curse of a noisy, small-sample objective), so the top <c>count</c> distinct plans
/// are scored again on more calibration documents and the best of those scores wins. The finalists are written to
/// <c>finalists.json</c> and the winner to <c>best_plan.json</c> of the run directory. The search's journal is not
/// touched, so a cancelled selection loses nothing: it is simply run again after a resume. A finalist whose new scores
/// are not finite drops out (when all do, the search's own answer stands).
/// </summary>
public static class FinalistSelection
{
    /// <summary>File name of the finalists in the run directory.</summary>
    public const string FileName = "finalists.json";

    /// <summary>
    /// Scores the top <paramref name="count"/> distinct plans of <paramref name="result"/> at <paramref name="budget"/> and
    /// returns the result with the winner as <see cref="SearchResult.BestPlan"/> (ties: the earlier trial).
    /// </summary>
    /// <param name="result">A finished search.</param>
    /// <param name="evaluator">The search's evaluator.</param>
    /// <param name="weights">Task weights of the selection (as in the search).</param>
    /// <param name="count">How many finalists (≥ 1).</param>
    /// <param name="budget">Their budget; should exceed the search's highest budget (e.g. <see cref="EvaluationBudget.Full"/>).</param>
    /// <param name="progress">Optional: (finalists scored, count) after each.</param>
    /// <param name="cancellationToken">Checked before each finalist.</param>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 1.</exception>
    public static async Task<SearchResult> RunAsync(
        SearchResult result,
        IFitnessEvaluator evaluator,
        IReadOnlyList<double>? weights,
        int count,
        EvaluationBudget budget,
        IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var finalists = result.Trials
            .Where(t => t.Scores is not null && t.Budget == result.BestBudget)
            .OrderBy(t => TrialSelection.Cost(t.Scores!, weights)).ThenBy(t => t.Trial)
            .DistinctBy(t => t.PlanHash)
            .Take(count)
            .ToArray();
        var records = new List<FinalistRecord>();
        var done = 0;
        foreach (var trial in finalists)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = await evaluator.EvaluateAsync(trial.Plan, budget, cancellationToken).ConfigureAwait(false);
            if (SearchDriver.NonFinite(scores) is null)
            {
                records.Add(new FinalistRecord(trial.Trial, trial.Plan, trial.Scores!, trial.Budget, scores, budget.Documents)); // a non-finite score drops out
            }

            progress?.Report((++done, finalists.Length));
        }

        if (records.Count == 0)
        {
            return result;
        }

        var winner = records.OrderBy(r => TrialSelection.Cost(r.FinalScores, weights)).ThenBy(r => r.Trial).First();
        SearchOutputs.WriteFinalists(records, winner, new RunDirectoryLayout(result.RunDirectory));
        return result with { BestPlan = winner.Plan, BestScores = winner.FinalScores, BestBudget = winner.FinalBudget, Finalists = records };
    }
}

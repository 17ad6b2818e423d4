namespace GPTailor.Search;

/// <summary>
/// IPOP and BIPOP restart decisions. IPOP multiplies λ by the increase factor each restart. BIPOP (Hansen 2009)
/// runs a small-population restart whenever the small regime has used fewer evaluations than the large one:
/// λ_s = ⌊λ_def (½ λ_large/λ_def)^(U²)⌋, σ = σ0·10^(−2U), capped at half the last large run's evaluations;
/// otherwise a large run with the next IPOP population. Every restart starts from a uniform mean in the box.
/// </summary>
internal static class CmaEsRestartPolicy
{
    /// <summary>Adds a finished run's evaluations to its regime's budget.</summary>
    public static void Record(CmaEsState state, CmaEsRun run, long used)
    {
        if (run.IsSmallRegime)
        {
            state.SmallEvaluations += used;
        }
        else
        {
            state.LargeEvaluations += used;
            state.LastLargeRunEvaluations = used;
        }
    }

    /// <summary>Settings of the next run (updates the large population in <paramref name="state"/> for large runs).</summary>
    public static (int Lambda, double Sigma0, bool SmallRegime, long EvaluationCap) NextRun(CmaEsState state, CmaEsOptions options, double defaultSigma0, SearchRandom random)
    {
        if (options.Restarts == CmaRestartStrategy.Bipop && state.SmallEvaluations < state.LargeEvaluations)
        {
            var u1 = random.NextDouble();
            var u2 = random.NextDouble();
            var ratio = 0.5 * state.LargePopulation / state.DefaultPopulation;
            var lambda = Math.Max(2, (int)Math.Floor(state.DefaultPopulation * Math.Pow(ratio, u1 * u1)));
            return (lambda, defaultSigma0 * Math.Pow(10, -2 * u2), true, Math.Max(1, state.LastLargeRunEvaluations / 2));
        }

        state.LargePopulation = (int)Math.Ceiling(state.LargePopulation * options.IncreasePopulationFactor);
        return (state.LargePopulation, defaultSigma0, false, 0);
    }
}

namespace GPTailor;

/// <summary>
/// Optional interface of an <see cref="IZeroOrderOptimizer"/> that wants the raw history: every finished trial's
/// budget and per-objective costs, not only the scalar told through <see cref="IZeroOrderOptimizer.Tell"/>. The
/// schedulers of GPTailor.Search call <see cref="Observe"/> from <see cref="ITrialScheduler.Report"/>, for every
/// reported trial (also the intermediate budgets of a multi-fidelity schedule, while the point is still outstanding),
/// before any <see cref="IZeroOrderOptimizer.Tell"/> of the same report. A model-based optimizer can then fit per
/// budget and re-scalarise its whole history with one set of ParEGO weights at every model fit (as SMAC does) instead
/// of comparing values frozen under different weights. The results must be kept in the optimizer's saved state.
/// </summary>
public interface ITrialResultObserver
{
    /// <summary>Records finished trials of points this optimizer asked.</summary>
    /// <exception cref="ArgumentException">A result is for a point this optimizer never asked, or its costs have the wrong shape.</exception>
    void Observe(IReadOnlyList<TrialResult> results);
}

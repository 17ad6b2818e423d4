namespace GPTailor;

/// <summary>
/// Optional interface of an <see cref="ITrialScheduler"/> that tells its optimizer configurations whose results come
/// from several batches (Hyperband tells a configuration once it is final). The <see cref="SearchDriver"/> hands it
/// the run's <see cref="IScalarizer"/>; the scheduler then computes the values of one
/// <see cref="IZeroOrderOptimizer.Tell"/> call together, from the configurations' costs, with the scalarizer's current
/// weights and normalisation, so that the values one optimizer step compares share one ParEGO θ and one set of
/// bounds. A stateless scalarizer (weighted sum) gives the same values as when the trials finished.
/// </summary>
public interface IRescalarizingScheduler
{
    /// <summary>The scalarizer whose current state values told configurations (called once, before the search runs).</summary>
    void UseScalarizer(IScalarizer scalarizer);
}

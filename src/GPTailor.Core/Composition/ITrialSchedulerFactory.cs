
namespace GPTailor;

/// <summary>Creates the trial scheduler (single fidelity, successive halving, Hyperband) around an optimizer.</summary>
public interface ITrialSchedulerFactory
{
    /// <summary>Creates a scheduler evaluating between <paramref name="minBudget"/> and <paramref name="maxBudget"/> documents per task.</summary>
    ITrialScheduler Create(IZeroOrderOptimizer optimizer, int minBudget, int maxBudget, int seed);
}

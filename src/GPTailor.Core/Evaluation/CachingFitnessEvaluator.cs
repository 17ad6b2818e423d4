using System.Collections.Concurrent;

namespace GPTailor;

/// <summary>Caches scores by (plan hash, budget) so that a plan asked twice at the same budget is evaluated once.</summary>
/// <param name="innerEvaluator">The evaluator whose results are cached.</param>
public sealed class CachingFitnessEvaluator(IFitnessEvaluator innerEvaluator) : DelegatingFitnessEvaluator(innerEvaluator)
{
    private readonly ConcurrentDictionary<(string Plan, int Documents, int Seed), Lazy<Task<TaskScores>>> _cache = new();

    private int _hits;

    /// <summary>Number of evaluations answered from the cache.</summary>
    public int Hits => _hits;

    /// <inheritdoc />
    public override async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var key = (plan.ComputeHash(), budget.Documents, budget.Seed);
        var created = false;
        var entry = _cache.GetOrAdd(key, _ =>
        {
            created = true;
            return new Lazy<Task<TaskScores>>(() => InnerEvaluator.EvaluateAsync(plan, budget, cancellationToken));
        });
        if (!created)
        {
            Interlocked.Increment(ref _hits);
        }

        try
        {
            var scores = await entry.Value.ConfigureAwait(false);
            return created || scores.Counters is null ? scores : scores with { Counters = null }; // a hit did no work
        }
        catch
        {
            _cache.TryRemove(key, out _); // never cache failures or cancellations
            throw;
        }
    }
}


namespace GPTailor.Search.Tests;

/// <summary>Drives an optimizer with a function, one point at a time in the asked order.</summary>
internal static class OptimizerRunner
{
    /// <summary>Runs until the optimizer stops or <paramref name="budget"/> evaluations; returns the index (1-based) of the first evaluation below <paramref name="target"/>, or null.</summary>
    public static long? EvaluationsToTarget(IZeroOrderOptimizer optimizer, Func<IReadOnlyList<double>, double> f, double target, long budget)
    {
        long count = 0;
        while (count < budget)
        {
            var asked = optimizer.Ask();
            if (asked.Count == 0)
            {
                break;
            }

            var observations = new List<Observation>();
            foreach (var c in asked)
            {
                Assert.True(BoxOf(optimizer)?.Contains(c.Coordinates) ?? true, "asked point outside the box");
                var value = f(c.Coordinates);
                count++;
                if (value < target)
                {
                    return count;
                }

                observations.Add(new Observation(c, value));
            }

            optimizer.Tell(observations);
        }

        return null;
    }

    /// <summary>Runs to the optimizer's own stop (or the budget) and returns the number of evaluations.</summary>
    public static long RunToStop(IZeroOrderOptimizer optimizer, Func<IReadOnlyList<double>, double> f, long budget)
    {
        while (((IOptimizerStatus)optimizer).Evaluations < budget)
        {
            var asked = optimizer.Ask();
            if (asked.Count == 0)
            {
                break;
            }

            optimizer.Tell(asked.Select(c => new Observation(c, f(c.Coordinates))).ToArray());
        }

        return ((IOptimizerStatus)optimizer).Evaluations;
    }

    private static SearchBox? BoxOf(IZeroOrderOptimizer optimizer) => optimizer switch
    {
        CmaEs c => c.Box,
        RandomSearch r => r.Box,
        Spsa s => s.Box,
        Evolution e => e.Box,
        _ => null,
    };

    public static double Median(IEnumerable<long> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
    }
}

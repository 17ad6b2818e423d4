namespace GPTailor.Search;

/// <summary>Settings of <see cref="RandomSearch"/>.</summary>
public sealed class RandomSearchOptions : IBoxOptions
{
    /// <summary>Seed of the random generator.</summary>
    public ulong Seed { get; set; }

    /// <summary>Points per <see cref="RandomSearch.Ask"/>; default 1.</summary>
    public int BatchSize { get; set; } = 1;

    /// <summary>Evaluation budget; 0 (default) means no limit. Ask never hands out more points than the budget allows.</summary>
    public long MaxEvaluations { get; set; }

    /// <summary>Points asked before any random one, in order (repaired into the box: clipped, discrete coordinates rounded).</summary>
    public IReadOnlyList<IReadOnlyList<double>> InitialDesign { get; set; } = [];

    /// <summary>Checks the settings against a box dimension (<see cref="Validate()"/> plus the length of each design point).</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate(int dimension)
    {
        Validate();
        if (InitialDesign.Any(p => p.Count != dimension))
        {
            throw new ArgumentException($"RandomSearchOptions.InitialDesign points must each have {dimension} coordinates.");
        }
    }

    /// <summary>Checks the settings that do not depend on the box.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentException($"RandomSearchOptions.BatchSize must be at least 1, not {BatchSize}.");
        }

        if (MaxEvaluations < 0)
        {
            throw new ArgumentException("RandomSearchOptions.MaxEvaluations must not be negative.");
        }

        if (InitialDesign is null || InitialDesign.Any(p => p is null || p.Any(v => !double.IsFinite(v))))
        {
            throw new ArgumentException("RandomSearchOptions.InitialDesign must be a list of points with finite coordinates.");
        }
    }
}

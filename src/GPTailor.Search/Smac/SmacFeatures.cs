namespace GPTailor.Search;

/// <summary>
/// The forest's view of a point: unit-cube coordinates, with inactive coordinates imputed to −1 (below every active
/// value, so one split separates them), as SMAC imputes inactive conditional hyperparameters.
/// </summary>
internal sealed class SmacFeatures(SearchBox box, Func<IReadOnlyList<double>, IReadOnlyList<bool>>? activeDimensions)
{
    /// <summary>The value of an inactive coordinate.</summary>
    public const double Inactive = -1;

    /// <summary>True when coordinates can be inactive (an activity function was given).</summary>
    public bool HasConditions => activeDimensions is not null;

    /// <summary>The activity of each coordinate at a box point (all true without an activity function).</summary>
    public IReadOnlyList<bool>? Active(IReadOnlyList<double> point) => activeDimensions?.Invoke(point);

    /// <summary>The feature of coordinate <paramref name="i"/> with value <paramref name="value"/> when active.</summary>
    public double Unit(int i, double value)
    {
        var width = box.Upper[i] - box.Lower[i];
        return width > 0 ? Math.Clamp((value - box.Lower[i]) / width, 0, 1) : 0;
    }

    /// <summary>The features of a box point.</summary>
    public double[] Of(IReadOnlyList<double> point)
    {
        var features = BoxSampling.ToUnit(box, point);
        if (activeDimensions is not null)
        {
            var active = activeDimensions(point);
            if (active.Count != features.Length)
            {
                throw new InvalidOperationException($"ActiveDimensions returned {active.Count} flags for a box of {features.Length} coordinates.");
            }

            for (var i = 0; i < features.Length; i++)
            {
                if (!active[i])
                {
                    features[i] = Inactive;
                }
            }
        }

        return features;
    }
}

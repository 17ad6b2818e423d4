namespace GPTailor.Search;

/// <summary>
/// The forest's view of a point: unit-cube coordinates, with inactive coordinates imputed to −1 (below every active
/// value, so one split separates them), as SMAC imputes inactive conditional hyperparameters.
/// </summary>
internal sealed class SmacFeatures(SearchBox box, Func<IReadOnlyList<double>, IReadOnlyList<bool>>? activeDimensions)
{
    /// <summary>The value of an inactive coordinate.</summary>
    public const double Inactive = -1;

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

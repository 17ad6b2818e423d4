
namespace GPTailor.Search;

/// <summary>Uniform sampling and unit-cube mapping for a <see cref="SearchBox"/>.</summary>
internal static class BoxSampling
{
    /// <summary>A uniform point: continuous coordinates uniform in their bounds, discrete ones uniform over their whole numbers.</summary>
    public static double[] Uniform(SearchBox box, SearchRandom random)
    {
        var point = new double[box.Dimension];
        for (var i = 0; i < point.Length; i++)
        {
            if (box.Kinds[i] == DimensionKind.Continuous)
            {
                point[i] = box.Lower[i] + random.NextDouble() * (box.Upper[i] - box.Lower[i]);
            }
            else
            {
                var low = Math.Ceiling(box.Lower[i]);
                var count = (int)(Math.Floor(box.Upper[i]) - low) + 1;
                point[i] = count <= 1 ? low : low + random.NextInt(count);
            }
        }

        return point;
    }

    /// <summary>
    /// A neighbouring whole value of discrete coordinate <paramref name="i"/>: the other value of a binary coordinate;
    /// one up or down on an integer one (a fair coin where both fit, drawn only then); null when it cannot move.
    /// </summary>
    public static double? DiscreteNeighbour(SearchBox box, int i, double value, SearchRandom random)
    {
        if (box.Kinds[i] == DimensionKind.Binary)
        {
            return 1 - value;
        }

        var up = value + 1 <= box.Upper[i];
        var down = value - 1 >= box.Lower[i];
        return !up && !down ? null : value + (up && (!down || random.NextDouble() < 0.5) ? 1 : -1);
    }

    /// <summary>Maps unit-cube coordinates to the box and repairs the result (clip, round discrete coordinates).</summary>
    public static double[] FromUnit(SearchBox box, IReadOnlyList<double> unit)
    {
        var point = new double[box.Dimension];
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = box.Lower[i] + Math.Clamp(unit[i], 0, 1) * (box.Upper[i] - box.Lower[i]);
        }

        return box.Repair(point);
    }

    /// <summary>Maps a box point to unit-cube coordinates (0 on zero-width coordinates).</summary>
    public static double[] ToUnit(SearchBox box, IReadOnlyList<double> point)
    {
        var unit = new double[box.Dimension];
        for (var i = 0; i < unit.Length; i++)
        {
            var width = box.Upper[i] - box.Lower[i];
            unit[i] = width > 0 ? Math.Clamp((point[i] - box.Lower[i]) / width, 0, 1) : 0;
        }

        return unit;
    }
}

namespace GPTailor;

/// <summary>
/// A bounded box in which a zero-order optimizer searches, with the kind of each coordinate
/// (continuous, integer or binary) so that optimizers can treat discrete coordinates properly.
/// </summary>
public sealed class SearchBox
{
    /// <summary>Creates a box. All arrays must have the same length and every lower bound must not exceed its upper bound.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, a bound is not finite or lower &gt; upper, or a binary coordinate is not [0,1].</exception>
    public SearchBox(IReadOnlyList<double> lower, IReadOnlyList<double> upper, IReadOnlyList<DimensionKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != upper.Count || (kinds is not null && kinds.Count != lower.Count))
        {
            throw new ArgumentException("Lower bounds, upper bounds and kinds must have the same length.");
        }

        if (lower.Count == 0)
        {
            throw new ArgumentException("A search box needs at least one dimension.");
        }

        Lower = lower.ToArray();
        Upper = upper.ToArray();
        Kinds = kinds?.ToArray() ?? Enumerable.Repeat(DimensionKind.Continuous, lower.Count).ToArray();
        for (var i = 0; i < Lower.Count; i++)
        {
            if (!double.IsFinite(Lower[i]) || !double.IsFinite(Upper[i]) || Lower[i] > Upper[i])
            {
                throw new ArgumentException($"Dimension {i}: bounds [{Lower[i]}, {Upper[i]}] are not a finite interval.");
            }

            if (Kinds[i] == DimensionKind.Binary && (Lower[i] != 0 || Upper[i] != 1))
            {
                throw new ArgumentException($"Dimension {i}: a binary dimension must have bounds [0, 1].");
            }
        }
    }

    /// <summary>The number of coordinates.</summary>
    public int Dimension => Lower.Count;

    /// <summary>Lower bound of each coordinate.</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>Upper bound of each coordinate.</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>The kind of each coordinate.</summary>
    public IReadOnlyList<DimensionKind> Kinds { get; }

    /// <summary>The unit cube [0,1]^d of continuous coordinates.</summary>
    public static SearchBox UnitCube(int dimension) =>
        new(Enumerable.Repeat(0.0, dimension).ToArray(), Enumerable.Repeat(1.0, dimension).ToArray());

    /// <summary>A cube [lower, upper]^d of continuous coordinates.</summary>
    public static SearchBox Cube(int dimension, double lower, double upper) =>
        new(Enumerable.Repeat(lower, dimension).ToArray(), Enumerable.Repeat(upper, dimension).ToArray());

    /// <summary>True when <paramref name="point"/> has the right length, lies inside the bounds and is whole on discrete coordinates.</summary>
    public bool Contains(IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Count != Dimension)
        {
            return false;
        }

        for (var i = 0; i < Dimension; i++)
        {
            var v = point[i];
            if (!(v >= Lower[i] && v <= Upper[i]))
            {
                return false;
            }

            if (Kinds[i] != DimensionKind.Continuous && v != Math.Round(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Clips a point into the box and rounds discrete coordinates to the nearest allowed whole number.</summary>
    public double[] Repair(IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Count != Dimension)
        {
            throw new ArgumentException($"Point has {point.Count} coordinates; the box has {Dimension}.", nameof(point));
        }

        var result = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            var v = double.IsNaN(point[i]) ? (Lower[i] + Upper[i]) / 2 : point[i];
            v = Math.Clamp(v, Lower[i], Upper[i]);
            if (Kinds[i] != DimensionKind.Continuous)
            {
                v = Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), Math.Ceiling(Lower[i]), Math.Floor(Upper[i]));
            }

            result[i] = v;
        }

        return result;
    }
}

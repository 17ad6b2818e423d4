namespace GPTailor.Search;

/// <summary>Compares points by their coordinates (exact equality).</summary>
internal sealed class CoordinatesComparer : IEqualityComparer<double[]>
{
    /// <summary>The shared instance.</summary>
    public static readonly CoordinatesComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(double[]? x, double[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <inheritdoc />
    public int GetHashCode(double[] obj)
    {
        var hash = new HashCode();
        foreach (var v in obj)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}

namespace GPTailor.Search;

/// <summary>A configuration inside a bracket with its latest result.</summary>
internal sealed class BracketConfig
{
    public long PointId { get; set; }

    public double[] Point { get; set; } = [];

    /// <summary>Budget level of the latest result (-1 before the first).</summary>
    public int Level { get; set; } = -1;

    public double Value { get; set; } = double.NaN;

    public double[] Costs { get; set; } = [];
}

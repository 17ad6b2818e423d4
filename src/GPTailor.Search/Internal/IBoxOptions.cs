namespace GPTailor.Search;

/// <summary>Optimizer settings that can be checked against the dimension of a box.</summary>
internal interface IBoxOptions
{
    /// <summary>Checks the settings against a box of <paramref name="dimension"/> coordinates.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    void Validate(int dimension);
}

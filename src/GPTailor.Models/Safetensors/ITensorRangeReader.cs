namespace GPTailor.Models;

/// <summary>
/// Reads part of a stored tensor without materialising the rest: the checkpoints GPTailor opens from safetensors
/// files implement it, so that merges and dtype conversions can stream a tensor through a small buffer.
/// </summary>
internal interface ITensorRangeReader
{
    /// <summary>
    /// Copies the stored bytes of the elements from <paramref name="start"/> on of the flattened tensor
    /// <paramref name="name"/> into <paramref name="destination"/> (whose length is a whole number of elements).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name.</exception>
    /// <exception cref="ArgumentException">The tensor is BOOL, the destination is not a whole number of elements, or the range is out of bounds.</exception>
    void ReadElements(string name, long start, Span<byte> destination);

}

namespace GPTailor.Models;

/// <summary>
/// Splits tensors, in order, into shards of at most a given number of data bytes: a new shard starts when the next
/// tensor would overflow the current one. A tensor larger than the limit gets a shard of its own (as Hugging Face does).
/// </summary>
internal static class ShardPlanner
{
    /// <summary>The shards, each a non-empty run of consecutive specs; one empty shard when there are no specs.</summary>
    public static IReadOnlyList<IReadOnlyList<TensorSpec>> Plan(IReadOnlyList<TensorSpec> specs, long maxShardBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShardBytes, 1);
        var shards = new List<IReadOnlyList<TensorSpec>>();
        var current = new List<TensorSpec>();
        long currentBytes = 0;
        foreach (var spec in specs)
        {
            var length = spec.ByteLength;
            if (current.Count > 0 && currentBytes + length > maxShardBytes)
            {
                shards.Add(current);
                current = [];
                currentBytes = 0;
            }

            current.Add(spec);
            currentBytes += length;
        }

        shards.Add(current);
        return shards;
    }
}

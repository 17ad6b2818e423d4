namespace GPTailor.Models;

/// <summary>
/// Packs multiple-choice groups (one context, several continuations) into rows of one batch: each row holds the context
/// once, followed by every continuation. RoPE positions restart after the context for each continuation, and the
/// boolean mask lets a continuation token attend to the context and to the earlier tokens of its own continuation
/// only, so every continuation sees exactly what it would see alone after the context. Padding attends to itself.
/// </summary>
internal static class ChoiceGroupPacker
{
    /// <summary>Tokens in the packed row of a group.</summary>
    public static int RowLength(int[] context, IReadOnlyList<int[]> continuations) => context.Length + continuations.Sum(c => c.Length);

    /// <summary>The inputs of one batch and, per group and continuation, the flat positions and targets to score.</summary>
    public static PackedBatch Pack(IReadOnlyList<(int[] Context, IReadOnlyList<int[]> Continuations)> groups)
    {
        int rows = groups.Count;
        int length = groups.Max(g => RowLength(g.Context, g.Continuations));
        var ids = new long[rows * length];
        var positions = new long[rows * length];
        var mask = new bool[rows * length * length];
        var scoreRows = new List<long>();
        var targets = new List<long>();
        for (int b = 0; b < rows; b++)
        {
            var (context, continuations) = groups[b];
            int rowStart = b * length;
            int maskStart = b * length * length;
            for (int t = 0; t < context.Length; t++)
            {
                ids[rowStart + t] = context[t];
                positions[rowStart + t] = t;
                for (int j = 0; j <= t; j++)
                {
                    mask[maskStart + (t * length) + j] = true;
                }
            }

            int start = context.Length;
            foreach (var continuation in continuations)
            {
                for (int o = 0; o < continuation.Length; o++)
                {
                    int t = start + o;
                    ids[rowStart + t] = continuation[o];
                    positions[rowStart + t] = context.Length + o;
                    int maskRow = maskStart + (t * length);
                    for (int j = 0; j < context.Length; j++)
                    {
                        mask[maskRow + j] = true;
                    }

                    for (int j = start; j <= t; j++)
                    {
                        mask[maskRow + j] = true;
                    }

                    scoreRows.Add(rowStart + (o == 0 ? context.Length - 1 : t - 1));
                    targets.Add(continuation[o]);
                }

                start += continuation.Length;
            }

            for (int t = start; t < length; t++)
            {
                mask[maskStart + (t * length) + t] = true;
            }
        }

        return new PackedBatch(rows, length, ids, positions, mask, scoreRows.ToArray(), targets.ToArray());
    }
}

/// <summary>A packed batch: row-major ids/positions [rows, length], mask [rows, length, length], scored flat positions.</summary>
internal sealed record PackedBatch(int Rows, int Length, long[] Ids, long[] Positions, bool[] Mask, long[] ScoreRows, long[] Targets);

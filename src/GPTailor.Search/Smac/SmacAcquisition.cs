namespace GPTailor.Search;

/// <summary>
/// Maximises the acquisition like SMAC's <c>LocalAndSortedRandomSearch</c>: scores uniform random candidates, runs local
/// searches from the training points and from the random candidates with the highest acquisition, and returns the
/// distinct points of both lists, best first. Local search moves to the best neighbour while it improves (then walks a
/// few steps on a plateau); the neighbours of a point change one active coordinate each: a flip on a binary coordinate,
/// ±1 on an integer one, a Gaussian step (σ = <see cref="SmacOptions.NeighbourStep"/> of the range, clipped) on a
/// continuous one. Distinct local-search starts give the batch its diversity.
/// </summary>
internal static class SmacAcquisition
{
    /// <summary>
    /// Up to <paramref name="count"/> distinct points, highest acquisition first, none equal to a point of
    /// <paramref name="exclude"/> (which receives the chosen ones).
    /// </summary>
    public static List<double[]> Propose(SmacSurrogate model, SearchBox box, SmacOptions options, int count, HashSet<double[]> exclude, SearchRandom random)
    {
        var randomCandidates = new List<(double[] Point, double Value)>(options.RandomCandidates);
        for (var i = 0; i < options.RandomCandidates; i++)
        {
            var p = BoxSampling.Uniform(box, random);
            randomCandidates.Add((p, model.Acquisition(p)));
        }

        var starts = model.TrainingPoints.Select(p => (Point: p, Value: model.Acquisition(p)))
            .OrderByDescending(s => s.Value).Take(options.LocalSearchStarts)
            .Concat(randomCandidates.OrderByDescending(s => s.Value).Take(options.LocalSearchStarts))
            .ToArray();
        var pool = new List<(double[] Point, double Value)>();
        foreach (var (point, value) in starts)
        {
            pool.Add(LocalSearch(model, box, options, point, value, random));
        }

        pool.AddRange(randomCandidates);
        var chosen = new List<double[]>();
        foreach (var (point, _) in pool.OrderByDescending(c => c.Value))
        {
            if (chosen.Count == count)
            {
                break;
            }

            if (exclude.Add(point))
            {
                chosen.Add(point);
            }
        }

        return chosen;
    }

    /// <summary>Local search from <paramref name="start"/>: the point reached and its acquisition value.</summary>
    internal static (double[] Point, double Value) LocalSearch(SmacSurrogate model, SearchBox box, SmacOptions options, IReadOnlyList<double> start, double startValue, SearchRandom random)
    {
        var current = start.ToArray();
        var value = startValue;
        var plateau = 0;
        var ties = new List<double[]>();
        for (var step = 0; step < options.LocalSearchSteps; step++)
        {
            var best = double.NegativeInfinity;
            double[]? next = null;
            ties.Clear();
            var active = options.ActiveDimensions?.Invoke(current);
            for (var i = 0; i < box.Dimension; i++)
            {
                if (active is not null && !active[i])
                {
                    continue;
                }

                var neighbour = Neighbour(box, current, i, options.NeighbourStep, random);
                if (neighbour is null)
                {
                    continue;
                }

                var v = model.Acquisition(neighbour);
                if (v > best)
                {
                    best = v;
                    next = neighbour;
                }

                if (v == value)
                {
                    ties.Add(neighbour);
                }
            }

            if (next is not null && best > value)
            {
                current = next;
                value = best;
            }
            else if (ties.Count > 0 && plateau < options.PlateauSteps)
            {
                plateau++;
                current = ties[random.NextInt(ties.Count)];
            }
            else
            {
                break;
            }
        }

        return (current, value);
    }

    /// <summary>The neighbour that changes coordinate <paramref name="i"/>, or null when it cannot change.</summary>
    private static double[]? Neighbour(SearchBox box, double[] point, int i, double step, SearchRandom random)
    {
        var lower = box.Lower[i];
        var upper = box.Upper[i];
        if (!(upper > lower))
        {
            return null;
        }

        var neighbour = (double[])point.Clone();
        switch (box.Kinds[i])
        {
            case DimensionKind.Binary:
                neighbour[i] = 1 - point[i];
                break;
            case DimensionKind.Integer:
                var up = point[i] + 1 <= upper;
                var down = point[i] - 1 >= lower;
                if (!up && !down)
                {
                    return null;
                }

                neighbour[i] = point[i] + (up && (!down || random.NextDouble() < 0.5) ? 1 : -1);
                break;
            default:
                neighbour[i] = Math.Clamp(point[i] + (step * (upper - lower) * random.NextGaussian()), lower, upper);
                break;
        }

        return neighbour;
    }
}

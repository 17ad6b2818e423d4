namespace GPTailor.Search;

/// <summary>
/// Maximises the acquisition like SMAC's <c>LocalAndSortedRandomSearch</c>: scores uniform random candidates, runs
/// <see cref="SmacOptions.LocalSearchStarts"/> local searches, half from the training points and half from the random
/// candidates with the highest acquisition, and returns the distinct points of both lists, best first. Local search
/// moves to improving neighbours (then walks a few steps on a plateau); the neighbours of a point change one active
/// coordinate each: a flip on a binary coordinate,
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

        var fromObserved = (options.LocalSearchStarts + 1) / 2;
        var starts = model.TrainingPoints.Select(p => (Point: p, Value: model.Acquisition(p)))
            .OrderByDescending(s => s.Value).Take(fromObserved)
            .Concat(randomCandidates.OrderByDescending(s => s.Value).Take(options.LocalSearchStarts - fromObserved))
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

    /// <summary>
    /// Local search from <paramref name="start"/>: the point reached and its acquisition value. The active coordinates
    /// are visited in random order; the search moves to the best neighbour of the first chunk of
    /// <see cref="NeighbourChunk"/> neighbours that holds an improvement (as SMAC's local search scores neighbours in
    /// batches), and when no neighbour improves, to a random neighbour of equal value (at most
    /// <see cref="SmacOptions.PlateauSteps"/> times). Neighbours are screened with the current point's activity (one
    /// coordinate of its features changed); a neighbour that looks better is scored again with its own activity before
    /// the search moves, so every value it keeps is exact.
    /// </summary>
    internal static (double[] Point, double Value) LocalSearch(SmacSurrogate model, SearchBox box, SmacOptions options, IReadOnlyList<double> start, double startValue, SearchRandom random)
    {
        var features = model.Features;
        var current = start.ToArray();
        var currentFeatures = features.Of(current);
        var value = startValue;
        var plateau = 0;
        var ties = new List<double[]>();
        var dims = new List<int>(box.Dimension);
        for (var step = 0; step < options.LocalSearchSteps; step++)
        {
            ties.Clear();
            dims.Clear();
            var active = features.Active(current);
            for (var i = 0; i < box.Dimension; i++)
            {
                if (active is null || active[i])
                {
                    dims.Add(i);
                }
            }

            random.Shuffle(dims);
            var scratch = (double[])currentFeatures.Clone();
            var best = value;
            double[]? next = null;
            double[]? nextFeatures = null;
            for (var k = 0; k < dims.Count; k++)
            {
                var i = dims[k];
                var neighbour = Neighbour(box, current, i, options.NeighbourStep, random);
                if (neighbour is not null)
                {
                    var kept = scratch[i];
                    scratch[i] = features.Unit(i, neighbour[i]);
                    var v = model.AcquisitionOf(scratch);
                    scratch[i] = kept;
                    if (v > best)
                    {
                        var exact = features.HasConditions ? features.Of(neighbour) : Changed(scratch, i, features.Unit(i, neighbour[i]));
                        var exactValue = features.HasConditions ? model.AcquisitionOf(exact) : v;
                        if (exactValue > best)
                        {
                            best = exactValue;
                            next = neighbour;
                            nextFeatures = exact;
                        }
                    }
                    else if (v == value)
                    {
                        ties.Add(neighbour);
                    }
                }

                if (next is not null && (k + 1) % NeighbourChunk == 0)
                {
                    break;
                }
            }

            if (next is not null)
            {
                current = next;
                currentFeatures = nextFeatures!;
                value = best;
            }
            else if (ties.Count > 0 && plateau < options.PlateauSteps)
            {
                plateau++;
                current = ties[random.NextInt(ties.Count)];
                currentFeatures = features.Of(current);
                value = model.AcquisitionOf(currentFeatures);
            }
            else
            {
                break;
            }
        }

        return (current, value);
    }

    private static double[] Changed(double[] features, int i, double value)
    {
        var copy = (double[])features.Clone();
        copy[i] = value;
        return copy;
    }

    /// <summary>Neighbours scored before the local search takes an improvement found among them.</summary>
    internal const int NeighbourChunk = 20;

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
        if (box.Kinds[i] == DimensionKind.Continuous)
        {
            neighbour[i] = Math.Clamp(point[i] + (step * (upper - lower) * random.NextGaussian()), lower, upper);
        }
        else if (BoxSampling.DiscreteNeighbour(box, i, point[i], random) is { } moved)
        {
            neighbour[i] = moved;
        }
        else
        {
            return null;
        }

        return neighbour;
    }
}

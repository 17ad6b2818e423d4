namespace GPTailor.Search;

/// <summary>
/// Non-dominated sorting and crowding distance (Deb et al. 2002), all objectives minimised; dominance is
/// <see cref="ParetoDominance"/> on costs with NaN and ±∞ counted as +∞.
/// </summary>
internal static class ParetoRanking
{
    /// <summary>Front number of each point (0 = non-dominated).</summary>
    public static int[] Fronts(IReadOnlyList<IReadOnlyList<double>> costs)
    {
        var keyed = costs.Select(c => c.Select(Key).ToArray()).ToArray();
        var count = costs.Count;
        var rank = Enumerable.Repeat(-1, count).ToArray();
        var assigned = 0;
        for (var front = 0; assigned < count; front++)
        {
            var members = new List<int>();
            for (var i = 0; i < count; i++)
            {
                if (rank[i] >= 0)
                {
                    continue;
                }

                var dominated = false;
                for (var j = 0; j < count && !dominated; j++)
                {
                    dominated = j != i && rank[j] < 0 && ParetoDominance.Dominates(keyed[j], keyed[i]);
                }

                if (!dominated)
                {
                    members.Add(i);
                }
            }

            foreach (var i in members)
            {
                rank[i] = front;
            }

            assigned += members.Count;
        }

        return rank;
    }

    /// <summary>Crowding distance of each member of one front (boundary points get +∞).</summary>
    public static double[] CrowdingDistances(IReadOnlyList<IReadOnlyList<double>> frontCosts)
    {
        var count = frontCosts.Count;
        var distance = new double[count];
        if (count == 0)
        {
            return distance;
        }

        var objectives = frontCosts[0].Count;
        for (var m = 0; m < objectives; m++)
        {
            var order = Enumerable.Range(0, count).OrderBy(i => Key(frontCosts[i][m])).ThenBy(i => i).ToArray();
            var low = Key(frontCosts[order[0]][m]);
            var high = Key(frontCosts[order[^1]][m]);
            distance[order[0]] = double.PositiveInfinity;
            distance[order[^1]] = double.PositiveInfinity;
            var range = high - low;
            if (!(range > 0) || !double.IsFinite(range))
            {
                continue;
            }

            for (var k = 1; k < count - 1; k++)
            {
                distance[order[k]] += (Key(frontCosts[order[k + 1]][m]) - Key(frontCosts[order[k - 1]][m])) / range;
            }
        }

        return distance;
    }

    private static double Key(double cost) => ObjectiveOrder.Rankable(cost);
}

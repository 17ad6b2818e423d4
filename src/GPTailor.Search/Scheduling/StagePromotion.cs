namespace GPTailor.Search;

/// <summary>Orders the members of a successive-halving stage from best to worst.</summary>
internal static class StagePromotion
{
    /// <summary>
    /// Returns member positions best first: by Pareto front then larger crowding distance when the rule (or Auto with
    /// ≥ 2 costs on every member) asks for it, otherwise by value; remaining ties by value, then by position.
    /// </summary>
    public static int[] Rank(IReadOnlyList<BracketConfig> members, PromotionRule rule)
    {
        var count = members.Count;
        var objectives = count == 0 ? 0 : members[0].Costs.Length;
        var pareto = rule != PromotionRule.Scalar && objectives >= 2 && members.All(m => m.Costs.Length == objectives);
        if (!pareto)
        {
            return Enumerable.Range(0, count).OrderBy(i => ObjectiveOrder.Rankable(members[i].Value)).ThenBy(i => i).ToArray();
        }

        var costs = members.Select(m => (IReadOnlyList<double>)m.Costs).ToArray();
        var fronts = ParetoRanking.Fronts(costs);
        var crowding = new double[count];
        foreach (var front in fronts.Distinct())
        {
            var indices = Enumerable.Range(0, count).Where(i => fronts[i] == front).ToArray();
            var distances = ParetoRanking.CrowdingDistances(indices.Select(i => costs[i]).ToArray());
            for (var k = 0; k < indices.Length; k++)
            {
                crowding[indices[k]] = distances[k];
            }
        }

        return Enumerable.Range(0, count)
            .OrderBy(i => fronts[i])
            .ThenByDescending(i => crowding[i])
            .ThenBy(i => ObjectiveOrder.Rankable(members[i].Value))
            .ThenBy(i => i)
            .ToArray();
    }
}

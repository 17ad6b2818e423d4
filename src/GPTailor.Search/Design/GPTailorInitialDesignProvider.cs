
namespace GPTailor.Search;

/// <summary>
/// The reference initial design (<see cref="GPTailorInitialDesign"/>) as points of a <see cref="GPTailorSearchSpace"/>,
/// capped to a deterministic, evenly spread subset when it is larger than asked for (the all-base configurations of
/// each removal heuristic are always kept).
/// </summary>
public sealed class GPTailorInitialDesignProvider : IInitialDesignProvider
{
    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<double>> Create(GPTailorSearchSpace space, int seed, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (maxPoints <= 0)
        {
            return [];
        }

        var o = space.Options;
        var genotypes = o.CandidateCount > 0
            ? GPTailorInitialDesign.Create(o.LayerCount, o.RemoveCount, o.CandidateCount)
            : GPTailorInitialDesign.Removals(o.LayerCount, o.RemoveCount).All.Select(removed => new GPTailorGenotype
            {
                LayerCount = o.LayerCount,
                CandidateCount = 0,
                Removed = removed,
                Selected = Enumerable.Range(0, o.LayerCount).Select(_ => (IReadOnlyList<bool>)[]).ToArray(),
                Lambda = Enumerable.Repeat(1.0, o.LayerCount).ToArray(),
            }).ToArray();
        var points = genotypes.Select(g => (IReadOnlyList<double>)space.Encode(g with { Lambda = g.Lambda.Select(l => Math.Clamp(l, o.LambdaMin, o.LambdaMax)).ToArray() })).ToList();
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var random = new Random(seed);
        var allBase = Enumerable.Range(0, genotypes.Count).Where(i => genotypes[i].Selected.All(s => s.All(f => !f))).ToList();
        var rest = Enumerable.Range(0, genotypes.Count).Except(allBase).OrderBy(_ => random.Next()).ToList();
        return allBase.Concat(rest).Take(maxPoints).Order().Select(i => points[i]).ToArray();
    }
}

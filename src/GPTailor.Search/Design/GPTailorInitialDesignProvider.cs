
namespace GPTailor.Search;

/// <summary>
/// The reference initial design (<see cref="GPTailorInitialDesign"/>) for the request's layer, removal and candidate
/// counts, capped to a deterministic, evenly spread subset when it is larger than asked for (the all-base configurations
/// of each removal heuristic are always kept). A <see cref="GPTailorSearchSpace"/> encodes each genotype directly (so
/// inactive coordinates keep the design's λ, as in the reference); any other <see cref="ISearchSpace"/> gets the
/// genotype's plan through <see cref="ISearchSpace.Encode"/>, and plans the space cannot encode are skipped.
/// </summary>
public sealed class GPTailorInitialDesignProvider : IInitialDesignProvider
{
    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<double>> Create(InitialDesignRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Space);
        if (request.MaxPoints <= 0)
        {
            return [];
        }

        var (n, k, m) = (request.LayerCount, request.RemoveCount, request.CandidateCount);
        var genotypes = m > 0
            ? GPTailorInitialDesign.Create(n, k, m)
            : GPTailorInitialDesign.Removals(n, k).All.Select(removed => new GPTailorGenotype
            {
                LayerCount = n,
                CandidateCount = 0,
                Removed = removed,
                Selected = Enumerable.Range(0, n).Select(_ => (IReadOnlyList<bool>)[]).ToArray(),
                Lambda = Enumerable.Repeat(1.0, n).ToArray(),
            }).ToArray();
        var encoded = genotypes.Select(g => (Genotype: g, Point: Encode(request.Space, g))).Where(e => e.Point is not null).ToList();
        var points = encoded.Select(e => (IReadOnlyList<double>)e.Point!).ToList();
        if (points.Count <= request.MaxPoints)
        {
            return points;
        }

        var random = new Random(request.Seed);
        var allBase = Enumerable.Range(0, encoded.Count).Where(i => encoded[i].Genotype.Selected.All(s => s.All(f => !f))).ToList();
        var rest = Enumerable.Range(0, encoded.Count).Except(allBase).OrderBy(_ => random.Next()).ToList();
        return allBase.Concat(rest).Take(request.MaxPoints).Order().Select(i => points[i]).ToArray();
    }

    private static double[]? Encode(ISearchSpace space, GPTailorGenotype genotype)
    {
        try
        {
            if (space is GPTailorSearchSpace gptailor)
            {
                var o = gptailor.Options;
                return gptailor.Encode(genotype with { Lambda = genotype.Lambda.Select(l => Math.Clamp(l, o.LambdaMin, o.LambdaMax)).ToArray() });
            }

            return space.Encode(genotype.ToPlan(description: "GPTailor initial design"));
        }
        catch (PlanValidationException)
        {
            return null;
        }
    }
}

namespace GPTailor;

/// <summary>
/// The GPTailor genotype (paper-digest §2.2–2.3): which source layers are removed, per kept layer which candidates are
/// selected, and a task-arithmetic λ per layer. <see cref="ToPlan"/> applies the decode rules: 0 flags → base layer,
/// 1 flag → that candidate's layer, ≥ 2 flags → task arithmetic over the whole block; embeddings follow the first kept
/// layer's choice and the head (final norm, lm_head) the last kept layer's.
/// </summary>
public sealed record GPTailorGenotype
{
    /// <summary>Layer count N.</summary>
    public required int LayerCount { get; init; }

    /// <summary>Candidate count K.</summary>
    public required int CandidateCount { get; init; }

    /// <summary>Removed source layers (distinct).</summary>
    public required IReadOnlyList<int> Removed { get; init; }

    /// <summary><c>Selected[L][j]</c>: take layer L from candidate j.</summary>
    public required IReadOnlyList<IReadOnlyList<bool>> Selected { get; init; }

    /// <summary>λ per source layer, used where ≥ 2 candidates are selected.</summary>
    public required IReadOnlyList<double> Lambda { get; init; }

    /// <summary>Decodes the genotype into a plan.</summary>
    /// <exception cref="PlanValidationException">Removed indices out of range or duplicated, or array sizes wrong.</exception>
    public TailoringPlan ToPlan(AnchorMode anchorMode = AnchorMode.SourceLayer, string? description = null)
    {
        if (Selected.Count != LayerCount || Lambda.Count != LayerCount || Selected.Any(s => s.Count != CandidateCount))
        {
            throw new PlanValidationException($"Genotype arrays do not match N = {LayerCount}, K = {CandidateCount}.");
        }

        var removed = new HashSet<int>();
        foreach (var r in Removed)
        {
            if (r < 0 || r >= LayerCount)
            {
                throw new PlanValidationException($"Removed layer {r} is outside [0, {LayerCount - 1}].");
            }

            if (!removed.Add(r))
            {
                throw new PlanValidationException($"Layer {r} is removed twice.");
            }
        }

        if (removed.Count >= LayerCount)
        {
            throw new PlanValidationException("A plan must keep at least one layer.");
        }

        var layers = new List<LayerRecipe>();
        var merges = new List<MergeRecipe>();
        for (var l = 0; l < LayerCount; l++)
        {
            if (removed.Contains(l))
            {
                continue;
            }

            var outputIndex = layers.Count;
            var merge = MergeFor(l);
            merges.Add(merge);
            int? anchor = merge.Method == MergeMethod.TaskArithmetic && anchorMode == AnchorMode.OutputIndex && outputIndex != l ? outputIndex : null;
            layers.Add(new LayerRecipe { SourceLayer = l, Merge = merge, AnchorLayer = anchor });
        }

        return new TailoringPlan
        {
            SourceLayerCount = LayerCount,
            CandidateCount = CandidateCount,
            Layers = layers,
            Embeddings = merges[0],
            Head = merges[^1],
            Description = description,
        };
    }

    private MergeRecipe MergeFor(int layer)
    {
        var chosen = Enumerable.Range(0, CandidateCount).Where(j => Selected[layer][j]).Select(j => j + 1).ToArray();
        return chosen.Length switch
        {
            0 => MergeRecipe.From(0),
            1 => MergeRecipe.From(chosen[0]),
            _ => MergeRecipe.TaskArithmeticOf(chosen, Lambda[layer]),
        };
    }
}

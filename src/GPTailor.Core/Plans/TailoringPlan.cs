using System.Runtime.CompilerServices;

namespace GPTailor;

/// <summary>
/// A serialisable recipe for a tailored model: the kept source layers in order, how each is formed from the family
/// members, and where the embeddings and the head (final norm and lm_head) come from.
/// Plans are immutable; <see cref="PlanJson"/> reads and writes them.
/// </summary>
public sealed record TailoringPlan
{
    private static readonly ConditionalWeakTable<TailoringPlan, string> Hashes = new();

    /// <summary>Layer count of the family's models.</summary>
    public required int SourceLayerCount { get; init; }

    /// <summary>Number of candidate fine-tunes K in the family (members 1..K).</summary>
    public required int CandidateCount { get; init; }

    /// <summary>The output layers, in order.</summary>
    public required IReadOnlyList<LayerRecipe> Layers { get; init; }

    /// <summary>Source of <c>model.embed_tokens</c>.</summary>
    public required MergeRecipe Embeddings { get; init; }

    /// <summary>Source of the final norm and <c>lm_head</c>.</summary>
    public required MergeRecipe Head { get; init; }

    /// <summary>Optional free text (which method or search produced the plan).</summary>
    public string? Description { get; init; }

    /// <summary>The source layers removed, ascending.</summary>
    public IReadOnlyList<int> RemovedLayers =>
        Enumerable.Range(0, SourceLayerCount).Except(Layers.Select(l => l.SourceLayer)).ToArray();

    /// <summary>The dense base model as a plan: every layer from the base, nothing removed.</summary>
    public static TailoringPlan Dense(int layerCount, int candidateCount, int member = 0) => new()
    {
        SourceLayerCount = layerCount,
        CandidateCount = candidateCount,
        Layers = Enumerable.Range(0, layerCount).Select(l => new LayerRecipe { SourceLayer = l, Merge = MergeRecipe.From(member) }).ToArray(),
        Embeddings = MergeRecipe.From(member),
        Head = MergeRecipe.From(member),
        Description = member == 0 ? "dense base" : $"dense candidate {member - 1}",
    };

    /// <summary>The base model with the given source layers removed (a single-model pruning plan).</summary>
    public static TailoringPlan BaseWithout(int layerCount, int candidateCount, IEnumerable<int> removed, string? description = null)
    {
        var removedSet = removed.ToHashSet();
        return new()
        {
            SourceLayerCount = layerCount,
            CandidateCount = candidateCount,
            Layers = Enumerable.Range(0, layerCount).Where(l => !removedSet.Contains(l))
                .Select(l => new LayerRecipe { SourceLayer = l, Merge = MergeRecipe.From(0) }).ToArray(),
            Embeddings = MergeRecipe.From(0),
            Head = MergeRecipe.From(0),
            Description = description,
        };
    }

    /// <summary>
    /// A stable SHA-256 hash of the plan's canonical JSON (description excluded), for caches and journals. It is computed
    /// once per plan object and remembered (plans are immutable; a <c>with</c> copy is a new object and is hashed anew).
    /// </summary>
    public string ComputeHash() => Hashes.GetValue(this, static plan => PlanJson.ComputeHash(plan));
}

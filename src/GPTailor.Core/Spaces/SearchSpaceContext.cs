namespace GPTailor;

/// <summary>What a search space is built from (see <see cref="GPTailorBuilder.UseSearchSpace"/>).</summary>
/// <param name="Family">The opened family.</param>
/// <param name="RemoveCount">Layers to remove, derived from the request's removal target.</param>
/// <param name="Request">The search request.</param>
public sealed record SearchSpaceContext(IModelFamily Family, int RemoveCount, SearchRequest Request)
{
    /// <summary>Decoder layer count N of the family.</summary>
    public int LayerCount => Family.LayerCount;

    /// <summary>Candidates the space may use: the family's K, or 0 for a removal-only search.</summary>
    public int CandidateCount => Request.RemovalOnly ? 0 : Family.CandidateCount;
}

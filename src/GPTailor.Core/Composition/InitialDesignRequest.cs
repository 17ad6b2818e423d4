namespace GPTailor;

/// <summary>What an <see cref="IInitialDesignProvider"/> needs to create the points evaluated first.</summary>
/// <param name="Space">The search space; design points are points of its box.</param>
/// <param name="LayerCount">Layers N of the family.</param>
/// <param name="RemoveCount">Layers k removed by every plan.</param>
/// <param name="CandidateCount">Fine-tuned candidates K of the family searched (0 for removal only).</param>
/// <param name="Seed">The search's seed.</param>
/// <param name="MaxPoints">The most points to return.</param>
public sealed record InitialDesignRequest(ISearchSpace Space, int LayerCount, int RemoveCount, int CandidateCount, int Seed, int MaxPoints);

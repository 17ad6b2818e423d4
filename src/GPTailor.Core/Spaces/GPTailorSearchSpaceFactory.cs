namespace GPTailor;

/// <summary>The default <see cref="ISearchSpaceFactory"/>: a <see cref="GPTailorSearchSpace"/> for the context.</summary>
public sealed class GPTailorSearchSpaceFactory : ISearchSpaceFactory
{
    /// <inheritdoc />
    public ISearchSpace Create(SearchSpaceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GPTailorSearchSpace(new GPTailorSearchSpaceOptions
        {
            LayerCount = context.LayerCount,
            CandidateCount = context.CandidateCount,
            RemoveCount = context.RemoveCount,
            AnchorMode = context.Request.AnchorMode,
        });
    }
}

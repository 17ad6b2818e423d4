namespace GPTailor;

/// <summary>Creates the search space of a search (the default is <see cref="GPTailorSearchSpaceFactory"/>).</summary>
public interface ISearchSpaceFactory
{
    /// <summary>Creates the space.</summary>
    /// <param name="context">Family, removal count and request.</param>
    ISearchSpace Create(SearchSpaceContext context);
}

namespace GPTailor;

/// <summary>An <see cref="ISearchSpaceFactory"/> from a delegate.</summary>
internal sealed class DelegateSearchSpaceFactory(Func<SearchSpaceContext, ISearchSpace> create) : ISearchSpaceFactory
{
    public ISearchSpace Create(SearchSpaceContext context) =>
        create(context) ?? throw new InvalidOperationException("The search space factory returned null.");
}

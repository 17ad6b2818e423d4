namespace GPTailor.Packaging.Tests;

/// <summary>The packaging tests share one pack of the repository and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackedFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packaging";
}

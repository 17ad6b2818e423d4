
namespace GPTailor;

/// <summary>Opens a family from its manifest, checking compatibility from headers before any tensor is read.</summary>
public interface IModelFamilyLoader
{
    /// <summary>Opens the family.</summary>
    /// <exception cref="FamilyCompatibilityException">The members are not compatible; every mismatch is listed.</exception>
    IModelFamily Open(FamilyManifest manifest);
}

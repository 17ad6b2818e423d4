
namespace GPTailor.Models;

/// <summary>The default <see cref="IModelFamilyLoader"/>: <see cref="ModelFamily.Open"/>.</summary>
public sealed class ModelFamilyLoader : IModelFamilyLoader
{
    /// <inheritdoc />
    public IModelFamily Open(FamilyManifest manifest) => ModelFamily.Open(manifest);
}

using GPTailor.Composition;
using GPTailor.Families;

namespace GPTailor.Models.Families;

/// <summary>The default <see cref="IModelFamilyLoader"/>: <see cref="ModelFamily.Open"/>.</summary>
public sealed class ModelFamilyLoader : IModelFamilyLoader
{
    /// <inheritdoc />
    public IModelFamily Open(FamilyManifest manifest) => ModelFamily.Open(manifest);
}


namespace GPTailor;

/// <summary>Supplies the points evaluated first in a search (e.g. the reference code's heuristic initial design).</summary>
public interface IInitialDesignProvider
{
    /// <summary>At most <paramref name="maxPoints"/> points of <paramref name="space"/>'s box.</summary>
    IReadOnlyList<IReadOnlyList<double>> Create(GPTailorSearchSpace space, int seed, int maxPoints);
}

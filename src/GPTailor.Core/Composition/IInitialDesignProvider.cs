namespace GPTailor;

/// <summary>
/// Supplies the points evaluated first in a search (e.g. the reference code's heuristic initial design). The search
/// composition evaluates them before the optimizer starts, whatever the optimizer (see
/// <see cref="OptimizerFactoryExtensions.CreateWithDesign"/>).
/// </summary>
public interface IInitialDesignProvider
{
    /// <summary>At most <see cref="InitialDesignRequest.MaxPoints"/> points of the request's space.</summary>
    IReadOnlyList<IReadOnlyList<double>> Create(InitialDesignRequest request);
}

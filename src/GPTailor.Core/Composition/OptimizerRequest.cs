
namespace GPTailor;

/// <summary>What an <see cref="IOptimizerFactory"/> needs to create an optimizer for one search.</summary>
/// <param name="Box">The box to search.</param>
/// <param name="InitialPoint">A starting point (the space's default), or null.</param>
/// <param name="InitialDesign">Points to evaluate first (the reference initial design), possibly empty.</param>
/// <param name="Seed">The seed.</param>
/// <param name="MaxEvaluations">The evaluation budget.</param>
public sealed record OptimizerRequest(SearchBox Box, IReadOnlyList<double>? InitialPoint, IReadOnlyList<IReadOnlyList<double>> InitialDesign, int Seed, int MaxEvaluations);

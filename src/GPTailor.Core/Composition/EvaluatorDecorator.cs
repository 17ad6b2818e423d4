
namespace GPTailor;

/// <summary>A registered evaluator decorator (see <see cref="GPTailorBuilder.AddEvaluatorDecorator"/>).</summary>
/// <param name="Decorate">Wraps an evaluator.</param>
public sealed record EvaluatorDecorator(Func<IServiceProvider, IFitnessEvaluator, IFitnessEvaluator> Decorate);


namespace GPTailor;

/// <summary>Creates the fitness evaluator of a family on a task set (both known only at run time).</summary>
public interface IFitnessEvaluatorFactory
{
    /// <summary>Creates the evaluator.</summary>
    IFitnessEvaluator Create(IModelFamily family, TaskSet tasks);
}

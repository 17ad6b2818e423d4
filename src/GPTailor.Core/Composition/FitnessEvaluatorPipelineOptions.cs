namespace GPTailor;

/// <summary>The steps added by <see cref="GPTailorBuilder.ConfigureEvaluator"/>, in registration order.</summary>
public sealed class FitnessEvaluatorPipelineOptions
{
    /// <summary>Each configures the evaluator pipeline (see <see cref="FitnessEvaluatorPipeline"/> for the order).</summary>
    public IList<Action<FitnessEvaluatorBuilder>> Configurations { get; } = [];
}

namespace GPTailor;

/// <summary>
/// Global settings of GPTailor, bound through <c>IOptions&lt;GPTailorOptions&gt;</c>. Compute settings (device, dtype,
/// batch size) belong to the evaluator implementation, e.g. GPTailor.Models' <c>TorchSharpEvaluatorOptions</c>.
/// </summary>
public sealed class GPTailorOptions
{
    /// <summary>Cache evaluator results by plan hash and budget (a step of <see cref="FitnessEvaluatorPipeline"/>).</summary>
    public bool CacheEvaluations { get; set; } = true;

    /// <summary>The optimizer used by default (a key registered with <c>GPTailorBuilder.AddOptimizer</c>).</summary>
    public string Optimizer { get; set; } = "evolution";
}

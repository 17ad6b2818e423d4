
namespace GPTailor;

/// <summary>
/// Maps between tailoring plans and an optimizer's box. The optimizer never sees tensors; the evaluator never sees
/// vectors: <see cref="Decode"/> turns a point into the plan that is evaluated.
/// </summary>
public interface ISearchSpace
{
    /// <summary>The box searched, with integer/binary coordinates marked.</summary>
    SearchBox Box { get; }

    /// <summary>A human-readable name per coordinate (e.g. <c>layer_3_candidate_1</c>).</summary>
    IReadOnlyList<string> DimensionNames { get; }

    /// <summary>The point of the default configuration (a sensible first guess).</summary>
    IReadOnlyList<double> DefaultPoint { get; }

    /// <summary>Decodes any point of the box (repairing it first) into a valid plan.</summary>
    TailoringPlan Decode(IReadOnlyList<double> point);

    /// <summary>Encodes a plan of this space as a point whose <see cref="Decode"/> gives the same plan.</summary>
    /// <exception cref="PlanValidationException">The plan cannot be expressed in this space.</exception>
    double[] Encode(TailoringPlan plan);

    /// <summary>Which coordinates influence the decoded plan at this point (conditional parameters are inactive otherwise).</summary>
    IReadOnlyList<bool> ActiveDimensions(IReadOnlyList<double> point);

    /// <summary>Problems that keep a plan out of this space; empty when it belongs to the space.</summary>
    IReadOnlyList<string> Validate(TailoringPlan plan);

    /// <summary>
    /// The decoder layer (0-based, in the base model's order) each coordinate belongs to, or null when coordinates are
    /// not tied to layers. A tailored model runs its layers in this order, so a point that changes only coordinates of
    /// layers ≥ m usually keeps the plan's layers before m (in <see cref="GPTailorSearchSpace"/> always, unless a changed
    /// keep-score moves which layer is removed), and the prefix-activation cache resumes after them; an optimizer can use
    /// it to propose such points (<see cref="OptimizerRequest.DimensionLayers"/>).
    /// </summary>
    IReadOnlyList<int>? DimensionLayers => null;
}


namespace GPTailor;

/// <summary>Settings of <see cref="GPTailorSearchSpace"/>.</summary>
public sealed class GPTailorSearchSpaceOptions
{
    /// <summary>Layer count N of the family.</summary>
    public int LayerCount { get; set; }

    /// <summary>Candidate count K (0 searches removal only: the "LR-only" ablation).</summary>
    public int CandidateCount { get; set; }

    /// <summary>Exactly this many layers are removed (k).</summary>
    public int RemoveCount { get; set; }

    /// <summary>Lower bound of λ.</summary>
    public double LambdaMin { get; set; }

    /// <summary>Upper bound of λ.</summary>
    public double LambdaMax { get; set; } = 1.0;

    /// <summary>Anchor rule for merged layers.</summary>
    public AnchorMode AnchorMode { get; set; } = AnchorMode.SourceLayer;

    /// <summary>Throws <see cref="ArgumentException"/> when the settings are inconsistent.</summary>
    public void Validate()
    {
        if (LayerCount < 1)
        {
            throw new ArgumentException($"LayerCount must be ≥ 1 (got {LayerCount}).");
        }

        if (CandidateCount < 0)
        {
            throw new ArgumentException($"CandidateCount must be ≥ 0 (got {CandidateCount}).");
        }

        if (RemoveCount < 0 || RemoveCount >= LayerCount)
        {
            throw new ArgumentException($"RemoveCount must be in [0, {LayerCount - 1}] (got {RemoveCount}).");
        }

        if (!double.IsFinite(LambdaMin) || !double.IsFinite(LambdaMax) || LambdaMin > LambdaMax)
        {
            throw new ArgumentException($"λ bounds [{LambdaMin}, {LambdaMax}] are not a finite interval.");
        }

        if (Math.Abs(LambdaMin) > PlanValidator.MaxAbsLambda || Math.Abs(LambdaMax) > PlanValidator.MaxAbsLambda)
        {
            throw new ArgumentException($"λ bounds [{LambdaMin}, {LambdaMax}] must lie within the plan range [-{PlanValidator.MaxAbsLambda}, {PlanValidator.MaxAbsLambda}].");
        }
    }
}
